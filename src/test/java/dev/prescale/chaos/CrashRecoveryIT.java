package dev.prescale.chaos;

import dev.prescale.anomaly.AnomalyEvent;
import dev.prescale.anomaly.FleetWatch;
import dev.prescale.capacity.CapacityModel;
import dev.prescale.controller.AnomalyRule;
import dev.prescale.controller.Controller;
import dev.prescale.controller.ControllerConfig;
import dev.prescale.controller.ControllerIT;
import dev.prescale.recording.UtilizationMonitor;
import dev.prescale.scaling.Bounds;
import dev.prescale.scaling.ScalingDecision;
import dev.prescale.scaling.ScalingExecutor;
import dev.prescale.scaling.ScalingPolicy;
import dev.prescale.scaling.SurgeTiers;
import dev.prescale.scaling.aws.Ec2AutoScalingScaler;
import dev.prescale.shadow.ShadowAws;
import dev.prescale.shadow.ShadowConfig;
import dev.prescale.shadow.ShadowService;
import dev.prescale.simulation.Recording;
import dev.prescale.store.ProfileStore;
import dev.prescale.store.influx.InfluxConfig;
import dev.prescale.store.influx.InfluxServer;
import dev.prescale.store.influx.InfluxStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A crash and the loop's answer to it, with real parts: 60 searches a second on three shadow instances (60% busy),
 * whose utilization a monitor writes to InfluxDB every second. Two instances crash for 40 s: the one left is
 * overloaded and sheds requests. The controller's fleet watch sees the error rate leave its baseline and opens an
 * anomaly; its add-capacity rule doubles the group through the AWS SDK; the new instances warm up in a second and the
 * errors stop while the crash still lasts.
 */
class CrashRecoveryIT {

    static final String GROUP = "crash-asg";

    @BeforeAll
    static void credentials() {
        System.setProperty("aws.accessKeyId", "AKIDSHADOWEXAMPLE");
        System.setProperty("aws.secretAccessKey", "shadow-secret-not-a-real-key");
        System.setProperty("aws.region", "us-east-1");
    }

    /** One request's fate: when it was sent (ms since the start) and whether it failed. */
    record Sent(long atMillis, boolean failed) {
    }

    @Test
    void theAnomalyRuleAddsCapacityAndTheErrorsStopWhileTheCrashLasts() throws Exception {
        ShadowConfig config = ShadowConfig.DEFAULTS.withInstances(3).withWarmUp(Duration.ofSeconds(1));
        try (ShadowService service = ShadowService.start(config);
             ShadowAws aws = ShadowAws.start(service.fleet(), GROUP, "service/shadow/crash", 1, 12);
             Ec2AutoScalingScaler scaler = Ec2AutoScalingScaler.create(Optional.of(aws.endpoint()));
             InfluxStore store = InfluxStore.connect(InfluxConfig.of(InfluxServer.url(), InfluxServer.newDatabase()));
             UtilizationMonitor monitor = UtilizationMonitor.start(store, "crash-run",
                     () -> Recording.sample(service))) {
            Instant now = Instant.now();
            ProfileStore profiles = new ProfileStore(store, Path.of("."));
            profiles.saveHistory("crash-history", "test", ControllerIT.history(now, false), Instant.EPOCH,
                    now.plus(Duration.ofDays(1)));
            ScalingPolicy policy = new ScalingPolicy(0.7, 0.8, Duration.ofMinutes(10), 0.35, Duration.ofMinutes(10),
                    Duration.ofMinutes(5), Duration.ofMinutes(15), Bounds.honoring(1, 12), SurgeTiers.DEFAULTS, false);
            ControllerConfig controllerConfig = new ControllerConfig(GROUP, "crash-history", "crash-run",
                    Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(1),
                    new CapacityModel(0, 0.02, 0.01), policy, new AnomalyRule(AnomalyRule.Response.ADD_CAPACITY,
                    AnomalyEvent.Severity.MEDIUM, 100, Duration.ofMinutes(5)),
                    new FleetWatch.Settings(Duration.ofSeconds(40), 0.5, Duration.ofSeconds(10),
                            Duration.ofMinutes(5)));
            Controller controller = new Controller(controllerConfig, profiles, store, scaler,
                    new ScalingExecutor(scaler, store, Clock.systemUTC(), false));

            long start = System.nanoTime();
            ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
            ExecutorService senders = Executors.newFixedThreadPool(48);
            ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
            pace.scheduleAtFixedRate(() -> senders.submit(() -> {
                long at = (System.nanoTime() - start) / 1_000_000;
                RawHttp.Answer a = RawHttp.call(service.baseUri(), "GET", "/search");
                sent.add(new Sent(at, a.status() != 200));
            }), 0, 1000 / 60, TimeUnit.MILLISECONDS);
            long crashAt = 0;
            long respondedAt = -1;
            List<Controller.TickResult> ticks = new ArrayList<>();
            try {
                while (elapsedMillis(start) < 36_000) {
                    Thread.sleep(2000 - elapsedMillis(start) % 2000);
                    if (crashAt == 0 && elapsedMillis(start) >= 16_000) {
                        service.inject(new FaultSchedule("crash", List.of(new Fault.InstanceCrash(Duration.ZERO,
                                Duration.ofSeconds(40), 2)), Duration.ofMinutes(1)));
                        crashAt = elapsedMillis(start);
                    }
                    store.flush(Duration.ofSeconds(5));
                    Controller.TickResult tick = controller.tick(Instant.now());
                    ticks.add(tick);
                    if (respondedAt < 0 && tick.decision() != null
                            && tick.decision().action() == ScalingDecision.Action.SCALE_OUT) {
                        respondedAt = elapsedMillis(start);
                        System.out.println("crash IT: " + tick.decision().reason());
                    }
                }
            } finally {
                pace.shutdownNow();
                senders.shutdown();
                senders.awaitTermination(20, TimeUnit.SECONDS);
            }

            double before = errorShare(sent, 6_000, crashAt);
            double crashed = errorShare(sent, crashAt + 1_000, respondedAt);
            double after = errorShare(sent, respondedAt + 3_000, 36_000);
            System.out.printf("crash IT: errors before %.3f, crashed %.3f (%d ms to respond), after scale-out %.3f; "
                    + "fleet %d instances, %d ready%n", before, crashed, respondedAt - crashAt, after,
                    service.fleet().instanceCount(), service.metrics().readyInstances());
            assertThat(respondedAt).as("the loop scaled out after the crash").isGreaterThan(crashAt);
            assertThat(before).isLessThan(0.01);
            assertThat(crashed).as("one instance left for 180 cost units/s").isGreaterThan(0.1);
            assertThat(after).as("while two instances are still down").isLessThan(0.02);
            assertThat(service.fleet().instanceCount()).isEqualTo(6);
            assertThat(ticks).flatExtracting(Controller.TickResult::anomalies)
                    .anySatisfy(e -> assertThat(e.metrics()).contains("error_rate"));
        }
    }

    private static long elapsedMillis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static double errorShare(ConcurrentLinkedQueue<Sent> sent, long from, long to) {
        List<Sent> in = sent.stream().filter(s -> s.atMillis() >= from && s.atMillis() < to).toList();
        return in.isEmpty() ? Double.NaN : in.stream().filter(Sent::failed).count() / (double) in.size();
    }
}
