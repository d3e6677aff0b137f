package dev.prescale.scaling.aws;

import dev.prescale.scaling.Capacity;
import dev.prescale.scaling.ScalingDecision;
import dev.prescale.scaling.ScalingException;
import dev.prescale.scaling.ScalingExecutor;
import dev.prescale.shadow.ShadowAws;
import dev.prescale.shadow.ShadowConfig;
import dev.prescale.shadow.ShadowFleet;
import dev.prescale.store.LineProtocolFileStore;
import dev.prescale.store.Point;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real AWS SDK v2 clients against the shadow environment's AWS endpoint: every response is parsed by the SDK's
 * own Query (XML) and JSON 1.1 unmarshallers, retries are the SDK's.
 */
class AwsScalersTest {

    static final String GROUP = "shadow-asg";
    static final String SERVICE = "service/shadow/storefront";

    ShadowFleet fleet;
    ShadowAws aws;
    Ec2AutoScalingScaler ec2;
    AppAutoScalingScaler ecs;

    @BeforeAll
    static void credentialsFromTheDefaultChain() {
        // the SDK's default chains read these system properties; nothing in Prescale handles them
        System.setProperty("aws.accessKeyId", "AKIDSHADOWEXAMPLE");
        System.setProperty("aws.secretAccessKey", "shadow-secret-not-a-real-key");
        System.setProperty("aws.region", "us-east-1");
    }

    @BeforeEach
    void start() {
        fleet = new ShadowFleet(ShadowConfig.DEFAULTS.withInstances(2), System.nanoTime());
        aws = ShadowAws.start(fleet, GROUP, SERVICE, 1, 10);
        // the SDK's retry decisions and attempts with 20 ms between them: its own backoff (up to 20 s) took 9 s a test
        ec2 = Ec2AutoScalingScaler.create(Optional.of(aws.endpoint()), AwsClients.overrides(
                software.amazon.awssdk.retries.api.BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(20))));
        ecs = AppAutoScalingScaler.ecs(Optional.of(aws.endpoint()));
    }

    @AfterEach
    void stop() {
        ec2.close();
        ecs.close();
        aws.close();
    }

    @Test
    void theShadowScalerSignsWithPlaceholdersAndCallsOnlyLoopback() {
        try (Ec2AutoScalingScaler shadow = Ec2AutoScalingScaler.forShadow(aws.endpoint())) {
            assertThat(shadow.describe(GROUP)).isEqualTo(new Capacity(2, 1, 10));
        }
        assertThatThrownBy(() -> Ec2AutoScalingScaler.forShadow(java.net.URI.create("https://autoscaling.us-east-1"
                + ".amazonaws.com"))).hasMessageContaining("loopback");
        assertThatThrownBy(() -> Ec2AutoScalingScaler.forShadow(java.net.URI.create("http://10.0.0.7:8080")))
                .hasMessageContaining("loopback");
    }

    @Test
    void setsDesiredCapacityOnceAndReappliesAsANoOp() {
        assertThat(ec2.describe(GROUP)).isEqualTo(new Capacity(2, 1, 10));

        assertThat(ec2.setCapacity(GROUP, 5, -1)).isTrue();
        assertThat(ec2.setCapacity(GROUP, 5, -1)).isFalse();

        assertThat(fleet.instanceCount()).isEqualTo(5);
        assertThat(calls("SetDesiredCapacity")).containsExactly("ok");
    }

    @Test
    void raisesMaxBeforeGoingPastIt() {
        assertThatThrownBy(() -> ec2.setCapacity(GROUP, 12, -1)).isInstanceOf(ScalingException.class)
                .hasMessageContaining("above max value 10").hasMessageContaining("'shadow-asg'")
                .hasMessageContaining("Fix: keep Prescale's bounds inside the group's MinSize/MaxSize");

        ec2.setCapacity(GROUP, 12, 12);

        assertThat(ec2.describe(GROUP)).isEqualTo(new Capacity(12, 1, 12));
        assertThat(aws.calls().stream().map(ShadowAws.Call::operation).filter(o -> !o.startsWith("Describe")))
                .containsExactly("SetDesiredCapacity", "UpdateAutoScalingGroup", "SetDesiredCapacity");
    }

    @Test
    void throttlingIsRetriedBySdkAndAppliedOnce() {
        aws.throttle(3); // the describe before the change meets all three

        assertThat(ec2.setCapacity(GROUP, 4, -1)).isTrue();

        assertThat(calls("DescribeAutoScalingGroups")).containsExactly("Throttling", "Throttling", "Throttling", "ok");
        assertThat(calls("SetDesiredCapacity")).containsExactly("ok");
        assertThat(fleet.instanceCount()).isEqualTo(4);
    }

    @Test
    void throttlingOfTheChangeItselfIsRetriedAndAppliedOnce() {
        aws.throttle("SetDesiredCapacity", 2);

        ec2.setCapacity(GROUP, 6, -1);

        assertThat(calls("SetDesiredCapacity")).containsExactly("Throttling", "Throttling", "ok");
        assertThat(fleet.instanceCount()).isEqualTo(6);
    }

    @Test
    void throttlingThatOutlastsTheRetriesSaysSo() {
        aws.throttle("SetDesiredCapacity", 100);

        assertThatThrownBy(() -> ec2.setCapacity(GROUP, 6, -1)).isInstanceOf(ScalingException.class)
                .hasMessageContaining("SetDesiredCapacity for 'shadow-asg' failed: Throttling")
                .hasMessageContaining("the SDK gave up after 5 attempts");

        assertThat(calls("SetDesiredCapacity")).hasSize(AwsClients.MAX_ATTEMPTS).containsOnly("Throttling");
        assertThat(fleet.instanceCount()).isEqualTo(2);
    }

    @Test
    void permanentErrorsNameTheGroupAndTheFixAndChangeNothing() {
        assertThatThrownBy(() -> ec2.setCapacity("no-such-group", 4, -1)).isInstanceOf(ScalingException.class)
                .hasMessageContaining("no Auto Scaling group named 'no-such-group'")
                .hasMessageContaining("Fix: check the group name");
        aws.deny("SetDesiredCapacity");
        assertThatThrownBy(() -> ec2.setCapacity(GROUP, 4, -1))
                .hasMessageContaining("SetDesiredCapacity for 'shadow-asg' failed: AccessDenied")
                .hasMessageContaining("minimal IAM policy");

        assertThat(calls("SetDesiredCapacity")).containsExactly("AccessDenied"); // not retried
        assertThat(fleet.instanceCount()).isEqualTo(2);
    }

    @Test
    void scheduledPreEventCapacityArrivesOnTime() throws InterruptedException {
        Instant at = Instant.now().plusSeconds(2).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

        ec2.schedule(GROUP, at, 7, -1);
        ec2.schedule(GROUP, at, 7, -1); // same time, same name: replaces, not duplicates

        assertThat(aws.pendingScheduledActions()).containsExactly("prescale-" + at.getEpochSecond());
        assertThat(fleet.instanceCount()).isEqualTo(2);
        Thread.sleep(Duration.between(Instant.now(), at).toMillis() + 500);
        assertThat(fleet.instanceCount()).isEqualTo(7);
    }

    @Test
    void ecsServiceScalesThroughItsMinimumCapacity() throws InterruptedException {
        assertThat(ecs.describe(SERVICE)).isEqualTo(new Capacity(1, 1, 10));

        assertThat(ecs.setCapacity(SERVICE, 5, -1)).isTrue();
        assertThat(ecs.setCapacity(SERVICE, 5, -1)).isFalse();
        Instant at = Instant.now().plusSeconds(2).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        ecs.schedule(SERVICE, at, 8, -1);

        assertThat(fleet.instanceCount()).isEqualTo(5);
        assertThat(calls("RegisterScalableTarget")).containsExactly("ok");
        Thread.sleep(Duration.between(Instant.now(), at).toMillis() + 500);
        assertThat(fleet.instanceCount()).isEqualTo(8);
        assertThatThrownBy(() -> ecs.setCapacity("service/shadow/missing", 3, -1))
                .hasMessageContaining("no ecs target 'service/shadow/missing'");
        aws.throttle(2);
        assertThat(ecs.describe(SERVICE).desired()).isEqualTo(8); // JSON-protocol throttling retried too
    }

    @Test
    void forecastOnlyModeRecordsDecisionsAndCallsNothing(@TempDir Path folder) {
        ScalingDecision decision = new ScalingDecision(Instant.now(), GROUP, ScalingDecision.Action.SCALE_OUT, 2, 9,
                -1, Instant.now(), "threshold", "upper bound crosses 70%", "prophet@tick-1", false);
        try (LineProtocolFileStore store = new LineProtocolFileStore(null, folder)) {
            ScalingExecutor executor = new ScalingExecutor(ec2, store, Clock.systemUTC(), true);

            assertThat(executor.apply(decision)).isEqualTo(ScalingExecutor.Outcome.RECORDED);

            store.flush(Duration.ofSeconds(5));
            List<Point> recorded = store.read("scaling_action", Map.of("group", GROUP), Instant.EPOCH,
                    Instant.now().plusSeconds(60));
            assertThat(recorded).singleElement().satisfies(p -> {
                assertThat(p.tags()).containsEntry("mode", "dry-run").containsEntry("rule", "threshold");
                assertThat(p.number("to_capacity")).isEqualTo(9.0);
            });
        }
        assertThat(aws.calls()).isEmpty();
        assertThat(fleet.instanceCount()).isEqualTo(2);
    }

    @Test
    void liveModeAppliesAndRecords(@TempDir Path folder) {
        ScalingDecision decision = new ScalingDecision(Instant.now(), GROUP, ScalingDecision.Action.SCALE_OUT, 2, 3,
                -1, Instant.now(), "threshold", "test", "", false);
        try (LineProtocolFileStore store = new LineProtocolFileStore(null, folder)) {
            ScalingExecutor executor = new ScalingExecutor(ec2, store, Clock.systemUTC(), false);

            assertThat(executor.apply(decision)).isEqualTo(ScalingExecutor.Outcome.APPLIED);
            assertThat(executor.apply(decision)).isEqualTo(ScalingExecutor.Outcome.ALREADY_THERE);
        }
        assertThat(calls("SetDesiredCapacity")).containsExactly("ok");
    }

    private List<String> calls(String operation) {
        return aws.calls().stream().filter(c -> c.operation().equals(operation)).map(ShadowAws.Call::outcome)
                .toList();
    }
}
