package dev.prescale.scaling.aws;

import dev.prescale.scaling.Capacity;
import dev.prescale.scaling.Scaler;
import dev.prescale.scaling.ScalingException;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClientBuilder;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Application Auto Scaling targets (ECS services by default; any namespace and dimension): {@code
 * DescribeScalableTargets} to read, {@code RegisterScalableTarget} to change now, {@code PutScheduledAction} for
 * pre-event capacity. Application Auto Scaling has no desired count, so Prescale drives the target's minimum: raising
 * it makes the service run at least that many tasks, lowering it lets the service's own policies scale in. The
 * capacity {@link #describe} reports as desired is that minimum.
 */
public final class AppAutoScalingScaler implements Scaler, AutoCloseable {

    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private final ApplicationAutoScalingClient client;
    private final Optional<URI> endpoint;
    private final String namespace;
    private final String dimension;

    private AppAutoScalingScaler(ApplicationAutoScalingClient client, Optional<URI> endpoint, String namespace,
                                 String dimension) {
        this.client = client;
        this.endpoint = endpoint;
        this.namespace = namespace;
        this.dimension = dimension;
    }

    /** ECS services ({@code ecs}, {@code ecs:service:DesiredCount}); credentials and region from the default chains. */
    public static AppAutoScalingScaler ecs(Optional<URI> endpoint) {
        return create(endpoint, "ecs", "ecs:service:DesiredCount");
    }

    /** Any scalable target, e.g. {@code dynamodb} / {@code dynamodb:table:ReadCapacityUnits}. */
    public static AppAutoScalingScaler create(Optional<URI> endpoint, String namespace, String dimension) {
        ApplicationAutoScalingClientBuilder builder = ApplicationAutoScalingClient.builder()
                .httpClientBuilder(AwsClients.http()).overrideConfiguration(AwsClients.overrides());
        endpoint.ifPresent(builder::endpointOverride);
        return new AppAutoScalingScaler(builder.build(), endpoint, namespace, dimension);
    }

    @Override
    public String provider() {
        return "application-autoscaling";
    }

    @Override
    public Capacity describe(String resourceId) {
        ScalableTarget t = find(resourceId);
        return new Capacity(t.minCapacity(), t.minCapacity(), t.maxCapacity());
    }

    @Override
    public boolean setCapacity(String resourceId, int desired, int newMax) {
        ScalableTarget t = find(resourceId);
        int max = Math.max(t.maxCapacity(), newMax);
        if (desired == t.minCapacity() && max == t.maxCapacity()) {
            return false;
        }
        call("RegisterScalableTarget", resourceId, () -> client.registerScalableTarget(r -> r
                .serviceNamespace(namespace).scalableDimension(dimension).resourceId(resourceId)
                .minCapacity(desired).maxCapacity(Math.max(max, desired))));
        return true;
    }

    @Override
    public void schedule(String resourceId, Instant at, int desired, int newMax) {
        ScalableTarget t = find(resourceId);
        int max = Math.max(Math.max(t.maxCapacity(), newMax), desired);
        call("PutScheduledAction", resourceId, () -> client.putScheduledAction(r -> r.serviceNamespace(namespace)
                .scalableDimension(dimension).resourceId(resourceId)
                .scheduledActionName("prescale-" + at.getEpochSecond()).schedule("at(" + AT.format(at) + ")")
                .scalableTargetAction(a -> a.minCapacity(desired).maxCapacity(max))));
    }

    @Override
    public void close() {
        client.close();
    }

    private ScalableTarget find(String resourceId) {
        List<ScalableTarget> targets = call("DescribeScalableTargets", resourceId, () -> client
                .describeScalableTargets(r -> r.serviceNamespace(namespace).scalableDimension(dimension)
                        .resourceIds(resourceId)).scalableTargets());
        if (targets.isEmpty()) {
            throw new ScalingException("application-autoscaling has no " + namespace + " target '" + resourceId
                    + "' (" + dimension + ") in region " + client.serviceClientConfiguration().region(),
                    "register it first (aws application-autoscaling register-scalable-target) or check the "
                            + "resource id and region", null);
        }
        return targets.get(0);
    }

    private <T> T call(String operation, String resourceId, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw AwsClients.failure(provider(), operation, resourceId, endpoint, e);
        }
    }
}
