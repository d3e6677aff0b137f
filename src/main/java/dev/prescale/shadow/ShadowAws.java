package dev.prescale.shadow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.prescale.net.HttpServers;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The shadow fleet as AWS sees it: an endpoint on 127.0.0.1 that speaks EC2 Auto Scaling's Query protocol (form-encoded
 * POST, XML answers) and Application Auto Scaling's JSON 1.1 protocol, so the real AWS SDK, the AWS CLI or boto3,
 * pointed here with an endpoint override, scale the shadow fleet exactly as they would scale a real group. The fleet
 * appears as one Auto Scaling group and as one ECS service scalable target; either drives the same instances.
 *
 * <p>Implemented: {@code DescribeAutoScalingGroups}, {@code SetDesiredCapacity}, {@code UpdateAutoScalingGroup},
 * {@code PutScheduledUpdateGroupAction}, {@code DescribeScheduledActions}, {@code DeleteScheduledAction};
 * {@code DescribeScalableTargets}, {@code RegisterScalableTarget}, {@code PutScheduledAction},
 * {@code DescribeScheduledActions}, {@code DeleteScheduledAction}. They validate as AWS does and answer with its error
 * codes: {@code MissingParameter} and {@code ValidationError} (Query), {@code ValidationException},
 * {@code ObjectNotFoundException}, {@code SerializationException} (JSON), {@code InvalidAction} and
 * {@code UnknownOperationException} for operations it does not know, all as HTTP 400 in the protocol's own format, so
 * a client reports them and does not retry. Scheduled actions run at their time, once or on their recurrence, within
 * the group's bounds; the fleet never grows past the maximum a client set.
 *
 * <p>For rehearsing failure, {@link #throttle} answers the next calls with AWS's throttling error and {@link #deny}
 * with access denied. Every call is logged ({@link #calls}) so a rehearsal can show what a controller did, and a test
 * what it did not. Application Auto Scaling has no desired count: Prescale drives its minimum capacity, and the shadow
 * ECS service, which has no reactive policy of its own, runs exactly that many tasks.
 */
public final class ShadowAws implements AutoCloseable {

    /** One API call as the endpoint saw it: operation name and the outcome ({@code ok} or the error code). */
    public record Call(String operation, String outcome) {
    }

    private static final String AUTOSCALING_NS = "http://autoscaling.amazonaws.com/doc/2011-01-01/";
    private static final String ECS_DIMENSION = "ecs:service:DesiredCount";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 1 << 20;

    /** A request AWS would refuse: HTTP status, AWS's error code and message. */
    private static final class AwsError extends RuntimeException {
        final int status;
        final String code;

        AwsError(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }

        static AwsError validation(boolean query, String message) {
            return new AwsError(400, query ? "ValidationError" : "ValidationException", message);
        }
    }

    /** A scheduled action, as either service stores it; sizes are null where the action leaves them alone. */
    private record Scheduled(String service, String name, ShadowSchedule schedule, Integer min, Integer max,
                             Integer desired, Instant created, Instant nextRun) {
        Scheduled withNextRun(Instant next) {
            return new Scheduled(service, name, schedule, min, max, desired, created, next);
        }
    }

    private final ShadowFleet fleet;
    private final String groupName;
    private final String ecsResourceId;
    private final HttpServer server;
    private final ExecutorService workers;
    private final ScheduledExecutorService scheduler;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Scheduled> scheduled = new ConcurrentHashMap<>(); // by service + "/" + name
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> throttles = new HashMap<>();
    private int minSize;
    private int maxSize;

    private ShadowAws(ShadowFleet fleet, String groupName, String ecsResourceId, int minSize, int maxSize,
                      InetSocketAddress address) throws IOException {
        if (minSize < 0 || maxSize < minSize || maxSize > fleet.config().maxInstances()) {
            throw new IllegalArgumentException("the shadow group needs 0 <= min <= max <= the fleet's "
                    + fleet.config().maxInstances() + " instances, but had min " + minSize + ", max " + maxSize);
        }
        this.fleet = fleet;
        this.groupName = groupName;
        this.ecsResourceId = ecsResourceId;
        this.minSize = minSize;
        this.maxSize = maxSize;
        this.server = HttpServers.create(address, 64);
        this.workers = HttpServers.workers("shadow-aws", 4, 64);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "shadow-aws-schedule");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
        scheduler.scheduleAtFixedRate(this::runDueActions, 100, 100, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts the endpoint on 127.0.0.1 on a free port.
     *
     * @param groupName     the Auto Scaling group name the fleet answers to
     * @param ecsResourceId the ECS scalable target it answers to, e.g. {@code service/shadow/storefront}
     * @param minSize       the group's MinSize (and the target's MinCapacity) to begin with
     * @param maxSize       its MaxSize, at most the fleet's {@code maxInstances}
     */
    public static ShadowAws start(ShadowFleet fleet, String groupName, String ecsResourceId, int minSize,
                                  int maxSize) {
        return start(fleet, groupName, ecsResourceId, minSize, maxSize, 0);
    }

    /** As {@link #start(ShadowFleet, String, String, int, int)}, on 127.0.0.1:{@code port} (0: any free port). */
    public static ShadowAws start(ShadowFleet fleet, String groupName, String ecsResourceId, int minSize,
                                  int maxSize, int port) {
        try {
            return new ShadowAws(fleet, groupName, ecsResourceId, minSize, maxSize,
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the shadow AWS endpoint on 127.0.0.1:" + port + " ("
                    + e.getMessage() + "); choose another port, or 0 for any free one", e);
        }
    }

    /** The URL to give the SDK as {@code endpointOverride}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers the next {@code count} calls, whatever they are, with AWS's throttling error. */
    public synchronized void throttle(int count) {
        throttles.put("*", count);
    }

    /** Answers the next {@code count} calls of {@code operation} with AWS's throttling error. */
    public synchronized void throttle(String operation, int count) {
        throttles.put(operation, count);
    }

    /** Answers calls of {@code operation} (e.g. {@code SetDesiredCapacity}) with access denied from now on. */
    public void deny(String operation) {
        denied.add(operation);
    }

    /** Every call received so far, in order. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized int minSize() {
        return minSize;
    }

    public synchronized int maxSize() {
        return maxSize;
    }

    /** Names of the scheduled actions that will still run. */
    public List<String> pendingScheduledActions() {
        return scheduled.values().stream().sorted(java.util.Comparator.comparing(Scheduled::nextRun))
                .map(Scheduled::name).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        scheduler.shutdownNow();
        workers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        boolean query = target == null;
        String operation = query ? "" : target.substring(target.indexOf('.') + 1);
        try {
            byte[] bytes = exchange.getRequestBody().readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new AwsError(413, query ? "ValidationError" : "SerializationException",
                        "The request is larger than " + MAX_BODY + " bytes");
            }
            String body = new String(bytes, StandardCharsets.UTF_8);
            if (query) {
                Map<String, String> p = form(body);
                operation = p.getOrDefault("Action", "");
                checkFaults(operation, true);
                queryOk(exchange, operation, handleQuery(operation, p));
            } else {
                checkFaults(operation, false);
                JsonNode in = parseJson(body);
                ObjectNode out = handleJson(operation, in);
                calls.add(new Call(operation, "ok"));
                send(exchange, 200, "application/x-amz-json-1.1", JSON.writeValueAsBytes(out));
            }
        } catch (AwsError e) {
            calls.add(new Call(operation, e.code));
            if (query) {
                String xml = "<ErrorResponse xmlns=\"" + AUTOSCALING_NS + "\"><Error><Type>Sender</Type><Code>"
                        + e.code + "</Code><Message>" + xml(e.getMessage()) + "</Message></Error><RequestId>"
                        + UUID.randomUUID() + "</RequestId></ErrorResponse>";
                send(exchange, e.status, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
            } else {
                ObjectNode error = JSON.createObjectNode().put("__type", e.code).put("message", e.getMessage());
                send(exchange, e.status, "application/x-amz-json-1.1", JSON.writeValueAsBytes(error));
            }
        } catch (RuntimeException e) {
            // a bug here, not the client's fault: AWS's internal failure, which clients retry
            calls.add(new Call(operation, "InternalFailure"));
            byte[] answer = query ? ("<ErrorResponse xmlns=\"" + AUTOSCALING_NS + "\"><Error><Type>Receiver</Type>"
                    + "<Code>InternalFailure</Code><Message>" + xml(e.toString()) + "</Message></Error></ErrorResponse>")
                    .getBytes(StandardCharsets.UTF_8)
                    : JSON.writeValueAsBytes(JSON.createObjectNode().put("__type", "InternalFailure")
                    .put("message", e.toString()));
            send(exchange, 500, query ? "text/xml" : "application/x-amz-json-1.1", answer);
        }
    }

    /** Throttling or denial set up by a test, before the call is looked at. */
    private synchronized void checkFaults(String operation, boolean query) {
        for (String key : new String[]{operation, "*"}) {
            int remaining = throttles.getOrDefault(key, 0);
            if (remaining > 0) {
                throttles.put(key, remaining - 1);
                throw new AwsError(400, query ? "Throttling" : "ThrottlingException", "Rate exceeded");
            }
        }
        if (denied.contains(operation)) {
            throw new AwsError(query ? 403 : 400, query ? "AccessDenied" : "AccessDeniedException",
                    "User: arn:aws:iam::000000000000:user/prescale is not authorized to perform: "
                            + (query ? "autoscaling:" : "application-autoscaling:") + operation);
        }
    }

    // ---- EC2 Auto Scaling, Query protocol ----

    /** Answers a Query call: the Result element's content, or null for none. */
    private String handleQuery(String action, Map<String, String> p) {
        switch (action) {
            case "" -> throw new AwsError(400, "MissingAction", "The request must contain the parameter Action");
            case "DescribeAutoScalingGroups" -> {
                List<String> names = members(p, "AutoScalingGroupNames");
                return "<AutoScalingGroups>" + (names.isEmpty() || names.contains(groupName) ? groupXml() : "")
                        + "</AutoScalingGroups>";
            }
            case "SetDesiredCapacity" -> {
                requireGroup(p);
                int desired = integer(p, "DesiredCapacity");
                synchronized (this) {
                    if (desired > maxSize || desired < minSize) {
                        throw AwsError.validation(true, "New SetDesiredCapacity value " + desired + " is "
                                + (desired > maxSize ? "above max value " + maxSize : "below min value " + minSize)
                                + " for the AutoScalingGroup.");
                    }
                    fleet.scaleTo(desired, System.nanoTime());
                }
                return null;
            }
            case "UpdateAutoScalingGroup" -> {
                requireGroup(p);
                Integer min = p.containsKey("MinSize") ? integer(p, "MinSize") : null;
                Integer max = p.containsKey("MaxSize") ? integer(p, "MaxSize") : null;
                Integer desired = p.containsKey("DesiredCapacity") ? integer(p, "DesiredCapacity") : null;
                synchronized (this) {
                    applyGroupSizes(true, min, max, desired);
                }
                return null;
            }
            case "PutScheduledUpdateGroupAction" -> {
                requireGroup(p);
                String name = required(p, "ScheduledActionName");
                Integer min = p.containsKey("MinSize") ? integer(p, "MinSize") : null;
                Integer max = p.containsKey("MaxSize") ? integer(p, "MaxSize") : null;
                Integer desired = p.containsKey("DesiredCapacity") ? integer(p, "DesiredCapacity") : null;
                if (min == null && max == null && desired == null) {
                    throw AwsError.validation(true, "At least one of MinSize, MaxSize or DesiredCapacity must be "
                            + "specified");
                }
                checkSizes(true, min, max, desired);
                Instant now = Instant.now();
                Instant start = p.containsKey("StartTime") ? timestamp(p, "StartTime") : null;
                Instant end = p.containsKey("EndTime") ? timestamp(p, "EndTime") : null;
                if (start != null && start.isBefore(now)) {
                    throw AwsError.validation(true, "Given start time is in the past");
                }
                if (start == null && !p.containsKey("Recurrence")) {
                    throw AwsError.validation(true, "Specify a StartTime, a Recurrence, or both");
                }
                if (end != null && (end.isBefore(now) || start != null && !end.isAfter(start))) {
                    throw AwsError.validation(true, "Given end time is in the past or not after the start time");
                }
                ShadowSchedule schedule = schedule(true, () -> ShadowSchedule.ec2(p.get("Recurrence"),
                        p.get("TimeZone"), start, end));
                putScheduled("asg", name, schedule, min, max, desired, now);
                return null;
            }
            case "DescribeScheduledActions" -> {
                if (p.containsKey("AutoScalingGroupName")) {
                    requireGroup(p);
                }
                List<String> names = members(p, "ScheduledActionNames");
                StringBuilder members = new StringBuilder();
                for (Scheduled s : actions("asg", names)) {
                    members.append("<member><AutoScalingGroupName>").append(xml(groupName))
                            .append("</AutoScalingGroupName><ScheduledActionName>").append(xml(s.name))
                            .append("</ScheduledActionName><ScheduledActionARN>")
                            .append("arn:aws:autoscaling:local-1:000000000000:scheduledUpdateGroupAction:")
                            .append(UUID.nameUUIDFromBytes(s.name.getBytes(StandardCharsets.UTF_8)))
                            .append(":autoScalingGroupName/").append(xml(groupName)).append(":scheduledActionName/")
                            .append(xml(s.name)).append("</ScheduledActionARN><Time>").append(iso(s.nextRun))
                            .append("</Time><StartTime>").append(iso(s.nextRun)).append("</StartTime>");
                    if (s.schedule.end() != null) {
                        members.append("<EndTime>").append(iso(s.schedule.end())).append("</EndTime>");
                    }
                    if (s.schedule.expression() != null) {
                        members.append("<Recurrence>").append(xml(s.schedule.expression())).append("</Recurrence>");
                    }
                    sizeXml(members, "MinSize", s.min);
                    sizeXml(members, "MaxSize", s.max);
                    sizeXml(members, "DesiredCapacity", s.desired);
                    members.append("<TimeZone>").append(xml(s.schedule.zone().getId())).append("</TimeZone>")
                            .append("</member>");
                }
                return "<ScheduledUpdateGroupActions>" + members + "</ScheduledUpdateGroupActions>";
            }
            case "DeleteScheduledAction" -> {
                requireGroup(p);
                String name = required(p, "ScheduledActionName");
                if (scheduled.remove("asg/" + name) == null) {
                    throw AwsError.validation(true, "Scheduled Update Group Action name not found - Could not find "
                            + "scheduled action " + name + " for Auto Scaling group " + groupName);
                }
                return null;
            }
            default -> throw new AwsError(400, "InvalidAction", "Could not find operation " + action
                    + " for version 2011-01-01");
        }
    }

    private void requireGroup(Map<String, String> p) {
        String name = required(p, "AutoScalingGroupName");
        if (!groupName.equals(name)) {
            throw AwsError.validation(true, "AutoScalingGroup name not found - AutoScalingGroup '" + name
                    + "' not found");
        }
    }

    private synchronized String groupXml() {
        StringBuilder instances = new StringBuilder();
        long now = System.nanoTime();
        int ready = fleet.readyCount(now);
        for (int i = 0; i < fleet.instanceCount(); i++) {
            instances.append("<member><InstanceId>i-shadow").append(String.format("%05d", i))
                    .append("</InstanceId><InstanceType>shadow.small</InstanceType>")
                    .append("<AvailabilityZone>local-1a</AvailabilityZone><LifecycleState>")
                    .append(i < ready ? "InService" : "Pending").append("</LifecycleState>")
                    .append("<HealthStatus>Healthy</HealthStatus><ProtectedFromScaleIn>false</ProtectedFromScaleIn>")
                    .append("</member>");
        }
        return "<member><AutoScalingGroupName>" + xml(groupName) + "</AutoScalingGroupName>"
                + "<AutoScalingGroupARN>arn:aws:autoscaling:local-1:000000000000:autoScalingGroup:shadow:"
                + "autoScalingGroupName/" + xml(groupName) + "</AutoScalingGroupARN>"
                + "<MinSize>" + minSize + "</MinSize><MaxSize>" + maxSize + "</MaxSize>"
                + "<DesiredCapacity>" + fleet.instanceCount() + "</DesiredCapacity>"
                + "<DefaultCooldown>300</DefaultCooldown>"
                + "<AvailabilityZones><member>local-1a</member></AvailabilityZones>"
                + "<Instances>" + instances + "</Instances>"
                + "<HealthCheckType>EC2</HealthCheckType><CreatedTime>2026-01-01T00:00:00Z</CreatedTime>"
                + "</member>";
    }

    private void queryOk(HttpExchange exchange, String action, String result) throws IOException {
        calls.add(new Call(action, "ok"));
        String xml = "<" + action + "Response xmlns=\"" + AUTOSCALING_NS + "\">"
                + (result == null ? "" : "<" + action + "Result>" + result + "</" + action + "Result>")
                + "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>"
                + "</" + action + "Response>";
        send(exchange, 200, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    // ---- Application Auto Scaling, JSON 1.1 protocol ----

    private ObjectNode handleJson(String operation, JsonNode in) {
        ObjectNode out = JSON.createObjectNode();
        switch (operation) {
            case "DescribeScalableTargets" -> {
                String namespace = text(in, "ServiceNamespace", true);
                ArrayNode targets = out.putArray("ScalableTargets");
                List<String> ids = texts(in, "ResourceIds");
                String dimension = text(in, "ScalableDimension", false);
                if ("ecs".equals(namespace) && (ids.isEmpty() || ids.contains(ecsResourceId))
                        && (dimension == null || dimension.equals(ECS_DIMENSION))) {
                    synchronized (this) {
                        targets.addObject().put("ServiceNamespace", "ecs").put("ResourceId", ecsResourceId)
                                .put("ScalableDimension", ECS_DIMENSION).put("MinCapacity", minSize)
                                .put("MaxCapacity", maxSize)
                                .put("RoleARN", "arn:aws:iam::000000000000:role/shadow-ecs-autoscaling")
                                .put("CreationTime", 1.7672256E9);
                    }
                }
            }
            case "RegisterScalableTarget" -> {
                String namespace = text(in, "ServiceNamespace", true);
                String resourceId = text(in, "ResourceId", true);
                String dimension = text(in, "ScalableDimension", true);
                if (!"ecs".equals(namespace) || !ecsResourceId.equals(resourceId)
                        || !ECS_DIMENSION.equals(dimension)) {
                    throw AwsError.validation(false, "ECS service doesn't exist: " + resourceId + " (the shadow "
                            + "has one target: ecs " + ecsResourceId + " " + ECS_DIMENSION + ")");
                }
                Integer min = integer(in, "MinCapacity");
                Integer max = integer(in, "MaxCapacity");
                synchronized (this) {
                    applyGroupSizes(false, min, max, null);
                    fleet.scaleTo(minSize, System.nanoTime());
                }
                out.put("ScalableTargetARN", "arn:aws:application-autoscaling:local-1:000000000000:scalable-target/"
                        + "shadow");
            }
            case "PutScheduledAction" -> {
                requireTarget(in);
                String name = text(in, "ScheduledActionName", true);
                JsonNode action = in.path("ScalableTargetAction");
                if (!action.isMissingNode() && !action.isObject()) {
                    throw new AwsError(400, "SerializationException", "ScalableTargetAction must be an object");
                }
                Integer min = integer(action, "MinCapacity");
                Integer max = integer(action, "MaxCapacity");
                checkSizes(false, min, max, null);
                Scheduled existing = scheduled.get("ecs/" + name);
                String expression = text(in, "Schedule", existing == null);
                Instant now = Instant.now();
                Instant start = epochSeconds(in, "StartTime");
                Instant end = epochSeconds(in, "EndTime");
                ShadowSchedule schedule = schedule(false, () -> ShadowSchedule.appAutoScaling(
                        expression != null ? expression : existing.schedule().expression(),
                        text(in, "Timezone", false), start, end));
                if (schedule.at() != null && schedule.at().isBefore(now)) {
                    throw AwsError.validation(false, "The scheduled time " + schedule.expression() + " is in the "
                            + "past");
                }
                if (end != null && start != null && !end.isAfter(start)) {
                    throw AwsError.validation(false, "EndTime must be after StartTime");
                }
                putScheduled("ecs", name, schedule, min != null ? min : existing == null ? null : existing.min(),
                        max != null ? max : existing == null ? null : existing.max(), null, now);
            }
            case "DescribeScheduledActions" -> {
                String namespace = text(in, "ServiceNamespace", true);
                String resourceId = text(in, "ResourceId", false);
                ArrayNode list = out.putArray("ScheduledActions");
                if ("ecs".equals(namespace) && (resourceId == null || resourceId.equals(ecsResourceId))) {
                    for (Scheduled s : actions("ecs", texts(in, "ScheduledActionNames"))) {
                        ObjectNode a = list.addObject().put("ScheduledActionName", s.name)
                                .put("ScheduledActionARN", "arn:aws:autoscaling:local-1:000000000000:scheduledAction:"
                                        + UUID.nameUUIDFromBytes(s.name.getBytes(StandardCharsets.UTF_8))
                                        + ":resource/ecs/" + ecsResourceId + ":scheduledActionName/" + s.name)
                                .put("ServiceNamespace", "ecs").put("Schedule", s.schedule.expression())
                                .put("Timezone", s.schedule.zone().getId()).put("ResourceId", ecsResourceId)
                                .put("ScalableDimension", ECS_DIMENSION)
                                .put("CreationTime", s.created.getEpochSecond());
                        if (s.schedule.start() != null) {
                            a.put("StartTime", s.schedule.start().getEpochSecond());
                        }
                        if (s.schedule.end() != null) {
                            a.put("EndTime", s.schedule.end().getEpochSecond());
                        }
                        ObjectNode sizes = a.putObject("ScalableTargetAction");
                        if (s.min != null) {
                            sizes.put("MinCapacity", s.min);
                        }
                        if (s.max != null) {
                            sizes.put("MaxCapacity", s.max);
                        }
                    }
                }
            }
            case "DeleteScheduledAction" -> {
                requireTarget(in);
                String name = text(in, "ScheduledActionName", true);
                if (scheduled.remove("ecs/" + name) == null) {
                    throw new AwsError(400, "ObjectNotFoundException", "No scheduled action found for service "
                            + "namespace: ecs, resource ID: " + ecsResourceId + ", scalable dimension: "
                            + ECS_DIMENSION + ", scheduled action name: " + name);
                }
            }
            default -> throw new AwsError(400, "UnknownOperationException", "Unknown operation " + operation);
        }
        return out;
    }

    private void requireTarget(JsonNode in) {
        String namespace = text(in, "ServiceNamespace", true);
        String resourceId = text(in, "ResourceId", true);
        String dimension = text(in, "ScalableDimension", true);
        if (!"ecs".equals(namespace) || !ecsResourceId.equals(resourceId) || !ECS_DIMENSION.equals(dimension)) {
            throw new AwsError(400, "ObjectNotFoundException", "No scalable target registered for service namespace: "
                    + namespace + ", resource ID: " + resourceId + ", scalable dimension: " + dimension);
        }
    }

    // ---- sizes and scheduled actions, both services ----

    /** Refuses negative sizes, min above max and max above the fleet, as a put or update would. */
    private void checkSizes(boolean query, Integer min, Integer max, Integer desired) {
        String[] names = query ? new String[]{"minSize", "maxSize", "desiredCapacity"}
                : new String[]{"minCapacity", "maxCapacity", "desiredCapacity"};
        Integer[] values = {min, max, desired};
        for (int i = 0; i < 3; i++) {
            if (values[i] != null && values[i] < 0) {
                throw AwsError.validation(query, "1 validation error detected: Value " + values[i] + " at '"
                        + names[i] + "' failed to satisfy constraint: Member must have value greater than or equal "
                        + "to 0");
            }
        }
        if (min != null && max != null && min > max) {
            throw AwsError.validation(query, query ? "Max bound, " + max + ", must be greater than or equal to min "
                    + "bound, " + min : "Minimum capacity cannot be greater than maximum capacity");
        }
        if (max != null && max > fleet.config().maxInstances()) {
            throw AwsError.validation(query, "Maximum capacity " + max + " is above the shadow fleet's limit of "
                    + fleet.config().maxInstances() + " instances");
        }
        if (desired != null && (min != null && desired < min || max != null && desired > max)) {
            throw AwsError.validation(query, "Desired capacity:" + desired + " must be between the specified min "
                    + "size:" + min + " and max size:" + max);
        }
    }

    /**
     * Sets the group's bounds and capacity as UpdateAutoScalingGroup does: the given sizes are checked together with
     * the ones left alone; without a desired capacity the fleet moves only as far as the new bounds push it.
     */
    private void applyGroupSizes(boolean query, Integer min, Integer max, Integer desired) {
        int newMin = min != null ? min : minSize;
        int newMax = max != null ? max : maxSize;
        checkSizes(query, min, max, desired);
        checkSizes(query, newMin, newMax, desired);
        minSize = newMin;
        maxSize = newMax;
        int target = desired != null ? desired : Math.max(newMin, Math.min(newMax, fleet.instanceCount()));
        fleet.scaleTo(target, System.nanoTime());
    }

    private void putScheduled(String service, String name, ShadowSchedule schedule, Integer min, Integer max,
                              Integer desired, Instant now) {
        Optional<Instant> next = schedule.next(now);
        if (next.isEmpty()) {
            throw AwsError.validation(service.equals("asg"), "The schedule of " + name + " never runs (it ends "
                    + "before its next time)");
        }
        if (name.isBlank() || name.length() > 255) {
            throw AwsError.validation(service.equals("asg"), "ScheduledActionName must have 1 to 255 characters");
        }
        scheduled.put(service + "/" + name, new Scheduled(service, name, schedule, min, max, desired, now,
                next.get())); // the same name replaces, as on AWS
    }

    private List<Scheduled> actions(String service, List<String> names) {
        return scheduled.values().stream().filter(s -> s.service.equals(service))
                .filter(s -> names.isEmpty() || names.contains(s.name))
                .sorted(java.util.Comparator.comparing(Scheduled::nextRun)).toList();
    }

    private void runDueActions() {
        Instant now = Instant.now();
        for (Scheduled s : List.copyOf(scheduled.values())) {
            if (s.nextRun.isAfter(now)) {
                continue;
            }
            String outcome = "ok";
            synchronized (this) {
                try {
                    applyGroupSizes(s.service.equals("asg"), s.min, s.max, s.desired);
                    if (s.service.equals("ecs")) {
                        fleet.scaleTo(minSize, System.nanoTime());
                    }
                } catch (AwsError e) {
                    outcome = e.code; // AWS records a failed scheduled activity and keeps the schedule
                }
            }
            Optional<Instant> next = s.schedule.after(s.nextRun);
            String key = s.service + "/" + s.name;
            if (next.isPresent()) {
                scheduled.replace(key, s, s.withNextRun(next.get()));
            } else {
                scheduled.remove(key, s);
            }
            calls.add(new Call("scheduled:" + s.name, outcome));
        }
    }

    private ShadowSchedule schedule(boolean query, java.util.function.Supplier<ShadowSchedule> parse) {
        try {
            return parse.get();
        } catch (ShadowSchedule.Invalid e) {
            throw AwsError.validation(query, e.getMessage());
        }
    }

    // ---- wire helpers ----

    private static Map<String, String> form(String body) {
        Map<String, String> p = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    p.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw new AwsError(400, "MalformedQueryString", "The query string is not URL-encoded");
                }
            }
        }
        return p;
    }

    private static String required(Map<String, String> p, String name) {
        String value = p.get(name);
        if (value == null) {
            throw new AwsError(400, "MissingParameter", "The request must contain the parameter " + name);
        }
        return value;
    }

    private static int integer(Map<String, String> p, String name) {
        String value = required(p, name);
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw AwsError.validation(true, "Value '" + value + "' for parameter " + name + " is invalid: it must "
                    + "be an integer");
        }
    }

    private static Instant timestamp(Map<String, String> p, String name) {
        String value = p.get(name);
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            try {
                return Instant.parse(value);
            } catch (DateTimeException again) {
                throw AwsError.validation(true, "Value '" + value + "' for parameter " + name + " is invalid: write "
                        + "an ISO-8601 time such as 2026-12-01T00:00:00Z");
            }
        }
    }

    private static List<String> members(Map<String, String> p, String list) {
        List<String> values = new ArrayList<>();
        for (int i = 1; p.containsKey(list + ".member." + i); i++) {
            values.add(p.get(list + ".member." + i));
        }
        return values;
    }

    private static JsonNode parseJson(String body) {
        try {
            JsonNode in = JSON.readTree(body.isBlank() ? "{}" : body);
            if (in == null || !in.isObject()) {
                throw new AwsError(400, "SerializationException", "The request body must be a JSON object");
            }
            return in;
        } catch (JsonProcessingException e) {
            throw new AwsError(400, "SerializationException", "The request body is not valid JSON");
        }
    }

    private static String text(JsonNode in, String name, boolean required) {
        JsonNode v = in.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                throw AwsError.validation(false, "1 validation error detected: Value null at '"
                        + Character.toLowerCase(name.charAt(0)) + name.substring(1) + "' failed to satisfy "
                        + "constraint: Member must not be null");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new AwsError(400, "SerializationException", name + " must be a string");
        }
        return v.asText();
    }

    private static List<String> texts(JsonNode in, String name) {
        JsonNode v = in.get(name);
        List<String> values = new ArrayList<>();
        if (v == null || v.isNull()) {
            return values;
        }
        if (!v.isArray()) {
            throw new AwsError(400, "SerializationException", name + " must be a list of strings");
        }
        v.forEach(item -> values.add(item.asText()));
        return values;
    }

    private static Integer integer(JsonNode in, String name) {
        JsonNode v = in.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new AwsError(400, "SerializationException", name + " must be an integer, but was " + v);
        }
        return v.intValue();
    }

    private static Instant epochSeconds(JsonNode in, String name) {
        JsonNode v = in.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new AwsError(400, "SerializationException", name + " must be a timestamp in epoch seconds");
        }
        return Instant.ofEpochMilli(Math.round(v.asDouble() * 1000));
    }

    private static void sizeXml(StringBuilder b, String element, Integer value) {
        if (value != null) {
            b.append('<').append(element).append('>').append(value).append("</").append(element).append('>');
        }
    }

    private static String iso(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
