package dev.prescale.scaling.aws;

import dev.prescale.net.Loopback;
import dev.prescale.scaling.Capacity;
import dev.prescale.scaling.Scaler;
import dev.prescale.scaling.ScalingException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClientBuilder;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * EC2 Auto Scaling groups: {@code DescribeAutoScalingGroups} to read, {@code SetDesiredCapacity} to change now,
 * {@code UpdateAutoScalingGroup} to raise max, {@code PutScheduledUpdateGroupAction} for pre-event capacity.
 */
public final class Ec2AutoScalingScaler implements Scaler, AutoCloseable {

    private final AutoScalingClient client;
    private final Optional<URI> endpoint;

    private Ec2AutoScalingScaler(AutoScalingClient client, Optional<URI> endpoint) {
        this.client = client;
        this.endpoint = endpoint;
    }

    /**
     * A scaler with credentials and region from the SDK's default chains.
     *
     * @param endpoint where to send calls instead of AWS (the shadow environment, a VPC endpoint), if any
     */
    public static Ec2AutoScalingScaler create(Optional<URI> endpoint) {
        return create(endpoint, AwsClients.overrides());
    }

    /** With these client overrides (a test's faster backoff). */
    static Ec2AutoScalingScaler create(Optional<URI> endpoint, ClientOverrideConfiguration overrides) {
        AutoScalingClientBuilder builder = AutoScalingClient.builder().httpClientBuilder(AwsClients.http())
                .overrideConfiguration(overrides);
        endpoint.ifPresent(builder::endpointOverride);
        return new Ec2AutoScalingScaler(builder.build(), endpoint);
    }

    /**
     * A scaler for the shadow environment's AWS endpoint on this machine, which checks no signature: placeholder
     * credentials and region, so a rehearsal on a machine without AWS credentials still goes through the SDK. Real
     * credentials are never used here, and nothing off this machine is ever called.
     *
     * @throws IllegalArgumentException when the endpoint is not on loopback
     */
    public static Ec2AutoScalingScaler forShadow(URI endpoint) {
        if (!Loopback.isLoopback(endpoint)) {
            throw new IllegalArgumentException("forShadow is for the shadow AWS endpoint on loopback, not " + endpoint
                    + "; use create() with the default credential chain for anything else");
        }
        AutoScalingClient client = AutoScalingClient.builder().httpClientBuilder(AwsClients.http())
                .overrideConfiguration(AwsClients.overrides()).endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("shadow",
                        "shadow"))).build();
        return new Ec2AutoScalingScaler(client, Optional.of(endpoint));
    }

    @Override
    public String provider() {
        return "ec2-autoscaling";
    }

    @Override
    public Capacity describe(String group) {
        AutoScalingGroup g = find(group);
        return new Capacity(g.desiredCapacity(), g.minSize(), g.maxSize());
    }

    @Override
    public boolean setCapacity(String group, int desired, int newMax) {
        Capacity now = describe(group);
        boolean changed = false;
        if (newMax > now.max()) {
            call("UpdateAutoScalingGroup", group, () -> client.updateAutoScalingGroup(r -> r
                    .autoScalingGroupName(group).maxSize(newMax)));
            changed = true;
        }
        if (desired != now.desired()) {
            // absolute, not relative: a retried call cannot add capacity twice
            call("SetDesiredCapacity", group, () -> client.setDesiredCapacity(r -> r.autoScalingGroupName(group)
                    .desiredCapacity(desired).honorCooldown(false)));
            changed = true;
        }
        return changed;
    }

    @Override
    public void schedule(String group, Instant at, int desired, int newMax) {
        Capacity now = describe(group);
        call("PutScheduledUpdateGroupAction", group, () -> client.putScheduledUpdateGroupAction(r -> {
            r.autoScalingGroupName(group).scheduledActionName(actionName(at)).startTime(at)
                    .desiredCapacity(desired);
            if (newMax > now.max()) {
                r.maxSize(newMax);
            }
        }));
    }

    /** The scheduled action's name: one per start time, so scheduling the same time again replaces it. */
    static String actionName(Instant at) {
        return "prescale-" + at.getEpochSecond();
    }

    @Override
    public void close() {
        client.close();
    }

    private AutoScalingGroup find(String group) {
        List<AutoScalingGroup> groups = call("DescribeAutoScalingGroups", group, () -> client
                .describeAutoScalingGroups(r -> r.autoScalingGroupNames(group)).autoScalingGroups());
        if (groups.isEmpty()) {
            throw new ScalingException("ec2-autoscaling has no Auto Scaling group named '" + group + "' in region "
                    + client.serviceClientConfiguration().region(), "check the group name (aws autoscaling "
                    + "describe-auto-scaling-groups) and the region (AWS_REGION or aws.region)", null);
        }
        return groups.get(0);
    }

    private <T> T call(String operation, String group, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw AwsClients.failure(provider(), operation, group, endpoint, e);
        }
    }
}
