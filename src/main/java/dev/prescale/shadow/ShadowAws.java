package dev.prescale.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The shadow fleet as AWS sees it: an endpoint on 127.0.0.1 that speaks EC2 Auto Scaling's Query protocol (form-encoded
 * POST, XML answers) and Application Auto Scaling's JSON 1.1 protocol, so the real AWS SDK, pointed here with
 * {@code endpointOverride}, scales the shadow fleet exactly as it would scale a real group. The fleet appears as one
 * Auto Scaling group and as one ECS service scalable target; either drives the same instances.
 *
 * <p>Only the operations Prescale calls are implemented, with the errors AWS gives for them (unknown group,
 * desired capacity outside the group's bounds). For rehearsing failure, {@link #throttle} answers the next calls with
 * AWS's {@code Throttling} error and {@link #deny} with {@code AccessDenied}. Every call is logged ({@link #calls}) so a
 * rehearsal can show what a controller did, and a test can show what it did not.
 *
 * <p>Application Auto Scaling has no desired count: Prescale drives its minimum capacity, and the shadow ECS service,
 * which has no reactive policy of its own, runs exactly that many tasks.
 */
public final class ShadowAws implements AutoCloseable {

    /** One API call as the endpoint saw it: operation name and the outcome ({@code ok} or the error code). */
    public record Call(String operation, String outcome) {
    }

    private static final String AUTOSCALING_NS = "http://autoscaling.amazonaws.com/doc/2011-01-01/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ShadowFleet fleet;
    private final String groupName;
    private final String ecsResourceId;
    private final HttpServer server;
    private final ScheduledExecutorService scheduler;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Scheduled> scheduled = new CopyOnWriteArrayList<>();
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> throttles = new HashMap<>();
    private int minSize;
    private int maxSize;

    /** A scheduled change: at its time, set min (if >= 0), max (if >= 0) and desired (if >= 0). */
    private record Scheduled(String kind, String name, Instant at, int min, int max, int desired) {
    }

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
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "shadow-aws-schedule");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "shadow-aws");
            thread.setDaemon(true);
            return thread;
        }));
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
        try {
            return new ShadowAws(fleet, groupName, ecsResourceId, minSize, maxSize,
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the shadow AWS endpoint on 127.0.0.1: " + e.getMessage(), e);
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

    /** Answers calls of {@code operation} (e.g. {@code SetDesiredCapacity}) with {@code AccessDenied} from now on. */
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

    /** Names of the scheduled actions not yet run. */
    public List<String> pendingScheduledActions() {
        return scheduled.stream().map(Scheduled::name).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        scheduler.shutdownNow();
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        try {
            if (target != null) {
                handleJson(exchange, target.substring(target.indexOf('.') + 1), body);
            } else {
                handleQuery(exchange, form(body));
            }
        } catch (RuntimeException e) {
            send(exchange, 500, "text/plain", ("shadow AWS endpoint failed: " + e).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The fault a call meets before it is looked at, or null. */
    private synchronized String fault(String operation) {
        for (String key : new String[]{operation, "*"}) {
            int remaining = throttles.getOrDefault(key, 0);
            if (remaining > 0) {
                throttles.put(key, remaining - 1);
                return "throttle";
            }
        }
        return denied.contains(operation) ? "deny" : null;
    }

    // ---- EC2 Auto Scaling, Query protocol ----

    private void handleQuery(HttpExchange exchange, Map<String, String> p) throws IOException {
        String action = p.getOrDefault("Action", "");
        String fault = fault(action);
        if ("throttle".equals(fault)) {
            queryError(exchange, action, 400, "Throttling", "Rate exceeded");
            return;
        }
        if ("deny".equals(fault)) {
            queryError(exchange, action, 403, "AccessDenied", "User: arn:aws:iam::000000000000:user/prescale is not "
                    + "authorized to perform: autoscaling:" + action);
            return;
        }
        switch (action) {
            case "DescribeAutoScalingGroups" -> {
                List<String> names = members(p, "AutoScalingGroupNames");
                StringBuilder groups = new StringBuilder();
                if (names.isEmpty() || names.contains(groupName)) {
                    groups.append(groupXml());
                }
                queryOk(exchange, action, "<AutoScalingGroups>" + groups + "</AutoScalingGroups>");
            }
            case "SetDesiredCapacity" -> {
                if (!knownGroup(exchange, action, p)) {
                    return;
                }
                int desired = Integer.parseInt(p.get("DesiredCapacity"));
                synchronized (this) {
                    if (desired > maxSize || desired < minSize) {
                        queryError(exchange, action, 400, "ValidationError", "New SetDesiredCapacity value "
                                + desired + " is " + (desired > maxSize ? "above max value " + maxSize
                                : "below min value " + minSize) + " for the AutoScalingGroup.");
                        return;
                    }
                    fleet.scaleTo(desired, System.nanoTime());
                }
                queryOk(exchange, action, null);
            }
            case "UpdateAutoScalingGroup" -> {
                if (!knownGroup(exchange, action, p)) {
                    return;
                }
                synchronized (this) {
                    int min = p.containsKey("MinSize") ? Integer.parseInt(p.get("MinSize")) : minSize;
                    int max = p.containsKey("MaxSize") ? Integer.parseInt(p.get("MaxSize")) : maxSize;
                    if (min > max || max > fleet.config().maxInstances()) {
                        queryError(exchange, action, 400, "ValidationError", "MinSize " + min + " and MaxSize " + max
                                + " are not valid for this group (max " + fleet.config().maxInstances() + ")");
                        return;
                    }
                    minSize = min;
                    maxSize = max;
                    int desired = p.containsKey("DesiredCapacity") ? Integer.parseInt(p.get("DesiredCapacity"))
                            : fleet.instanceCount();
                    fleet.scaleTo(Math.max(min, Math.min(max, desired)), System.nanoTime());
                }
                queryOk(exchange, action, null);
            }
            case "PutScheduledUpdateGroupAction" -> {
                if (!knownGroup(exchange, action, p)) {
                    return;
                }
                String name = p.get("ScheduledActionName");
                Instant at = Instant.parse(p.getOrDefault("StartTime", Instant.now().toString()));
                scheduled.removeIf(s -> s.kind.equals("asg") && s.name.equals(name)); // same name replaces
                scheduled.add(new Scheduled("asg", name, at, intOr(p, "MinSize"), intOr(p, "MaxSize"),
                        intOr(p, "DesiredCapacity")));
                queryOk(exchange, action, null);
            }
            default -> queryError(exchange, action, 400, "InvalidAction", "The action " + action
                    + " is not valid for this endpoint (the shadow speaks DescribeAutoScalingGroups, "
                    + "SetDesiredCapacity, UpdateAutoScalingGroup, PutScheduledUpdateGroupAction).");
        }
    }

    private boolean knownGroup(HttpExchange exchange, String action, Map<String, String> p) throws IOException {
        String name = p.get("AutoScalingGroupName");
        if (groupName.equals(name)) {
            return true;
        }
        queryError(exchange, action, 400, "ValidationError", "AutoScalingGroup name not found - AutoScalingGroup '"
                + name + "' not found");
        return false;
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

    private void queryError(HttpExchange exchange, String action, int status, String code, String message)
            throws IOException {
        calls.add(new Call(action, code));
        String xml = "<ErrorResponse xmlns=\"" + AUTOSCALING_NS + "\"><Error><Type>Sender</Type><Code>" + code
                + "</Code><Message>" + xml(message) + "</Message></Error><RequestId>" + UUID.randomUUID()
                + "</RequestId></ErrorResponse>";
        send(exchange, status, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    // ---- Application Auto Scaling, JSON 1.1 protocol ----

    private void handleJson(HttpExchange exchange, String operation, String body) throws IOException {
        String fault = fault(operation);
        if ("throttle".equals(fault)) {
            jsonError(exchange, operation, "ThrottlingException", "Rate exceeded");
            return;
        }
        if ("deny".equals(fault)) {
            jsonError(exchange, operation, "AccessDeniedException", "User: arn:aws:iam::000000000000:user/prescale "
                    + "is not authorized to perform: application-autoscaling:" + operation);
            return;
        }
        JsonNode in = JSON.readTree(body.isEmpty() ? "{}" : body);
        ObjectNode out = JSON.createObjectNode();
        switch (operation) {
            case "DescribeScalableTargets" -> {
                var targets = out.putArray("ScalableTargets");
                boolean wanted = !in.has("ResourceIds") || in.get("ResourceIds").isEmpty()
                        || in.get("ResourceIds").toString().contains("\"" + ecsResourceId + "\"");
                if ("ecs".equals(in.path("ServiceNamespace").asText()) && wanted) {
                    ObjectNode t = targets.addObject();
                    synchronized (this) {
                        t.put("ServiceNamespace", "ecs").put("ResourceId", ecsResourceId)
                                .put("ScalableDimension", "ecs:service:DesiredCount").put("MinCapacity", minSize)
                                .put("MaxCapacity", maxSize)
                                .put("RoleARN", "arn:aws:iam::000000000000:role/shadow-ecs-autoscaling")
                                .put("CreationTime", 1.7672256E9);
                    }
                }
            }
            case "RegisterScalableTarget" -> {
                if (!knownTarget(exchange, operation, in)) {
                    return;
                }
                synchronized (this) {
                    int min = in.has("MinCapacity") ? in.get("MinCapacity").asInt() : minSize;
                    int max = in.has("MaxCapacity") ? in.get("MaxCapacity").asInt() : maxSize;
                    if (min > max || max > fleet.config().maxInstances()) {
                        jsonError(exchange, operation, "ValidationException", "MinCapacity " + min + " and "
                                + "MaxCapacity " + max + " are not valid (max " + fleet.config().maxInstances() + ")");
                        return;
                    }
                    minSize = min;
                    maxSize = max;
                    fleet.scaleTo(min, System.nanoTime());
                }
                out.put("ScalableTargetARN", "arn:aws:application-autoscaling:local-1:000000000000:scalable-target/"
                        + "shadow");
            }
            case "PutScheduledAction" -> {
                if (!knownTarget(exchange, operation, in)) {
                    return;
                }
                String name = in.path("ScheduledActionName").asText();
                String schedule = in.path("Schedule").asText();
                if (!schedule.startsWith("at(") || !schedule.endsWith(")")) {
                    jsonError(exchange, operation, "ValidationException", "the shadow runs one-time schedules "
                            + "at(yyyy-mm-ddThh:mm:ss), not " + schedule);
                    return;
                }
                Instant at = LocalDateTime.parse(schedule.substring(3, schedule.length() - 1))
                        .toInstant(ZoneOffset.UTC);
                JsonNode action = in.path("ScalableTargetAction");
                scheduled.removeIf(s -> s.kind.equals("ecs") && s.name.equals(name));
                scheduled.add(new Scheduled("ecs", name, at, action.path("MinCapacity").asInt(-1),
                        action.path("MaxCapacity").asInt(-1), action.path("MinCapacity").asInt(-1)));
            }
            default -> {
                jsonError(exchange, operation, "ValidationException", "the shadow does not implement " + operation);
                return;
            }
        }
        calls.add(new Call(operation, "ok"));
        send(exchange, 200, "application/x-amz-json-1.1", JSON.writeValueAsBytes(out));
    }

    private boolean knownTarget(HttpExchange exchange, String operation, JsonNode in) throws IOException {
        if (ecsResourceId.equals(in.path("ResourceId").asText()) && "ecs".equals(in.path("ServiceNamespace").asText())) {
            return true;
        }
        jsonError(exchange, operation, "ObjectNotFoundException", "No scalable target registered for service "
                + "namespace: " + in.path("ServiceNamespace").asText() + ", resource ID: "
                + in.path("ResourceId").asText());
        return false;
    }

    private void jsonError(HttpExchange exchange, String operation, String code, String message) throws IOException {
        calls.add(new Call(operation, code));
        ObjectNode error = JSON.createObjectNode().put("__type", code).put("message", message);
        send(exchange, 400, "application/x-amz-json-1.1", JSON.writeValueAsBytes(error));
    }

    // ---- scheduled actions ----

    private void runDueActions() {
        Instant now = Instant.now();
        for (Scheduled s : scheduled) {
            if (!s.at.isAfter(now)) {
                synchronized (this) {
                    minSize = s.min >= 0 ? s.min : minSize;
                    maxSize = s.max >= 0 ? Math.max(s.max, minSize) : maxSize;
                    int desired = s.desired >= 0 ? s.desired : fleet.instanceCount();
                    fleet.scaleTo(Math.max(minSize, Math.min(maxSize, desired)), System.nanoTime());
                }
                scheduled.remove(s);
                calls.add(new Call("scheduled:" + s.name, "ok"));
            }
        }
    }

    // ---- wire helpers ----

    private static Map<String, String> form(String body) {
        Map<String, String> p = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                p.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return p;
    }

    private static List<String> members(Map<String, String> p, String list) {
        List<String> values = new ArrayList<>();
        for (int i = 1; p.containsKey(list + ".member." + i); i++) {
            values.add(p.get(list + ".member." + i));
        }
        return values;
    }

    private static int intOr(Map<String, String> p, String key) {
        return p.containsKey(key) ? Integer.parseInt(p.get(key)) : -1;
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
