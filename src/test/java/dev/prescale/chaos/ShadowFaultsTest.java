package dev.prescale.chaos;

import dev.prescale.shadow.ShadowConfig;
import dev.prescale.shadow.ShadowMetrics;
import dev.prescale.shadow.ShadowService;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.prescale.chaos.RawHttp.calls;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each fault on the shadow service over real HTTP on 127.0.0.1, measured from the client's side: it does what it
 * says, as much as it says, and stops by itself. Tolerances are about three standard deviations of the sampling noise.
 */
class ShadowFaultsTest {

    static final Duration LONG = Duration.ofMinutes(1);

    /** Browse takes 4 ms of service on average: latency measured here is mostly what the fault adds. */
    static ShadowConfig fast(int instances) {
        return ShadowConfig.DEFAULTS.withInstances(instances).withCapacity(1000, 4).withWarmUp(Duration.ZERO);
    }

    static FaultSchedule schedule(Fault... faults) {
        return new FaultSchedule("test", List.of(faults), Duration.ofMinutes(2));
    }

    @Test
    void latencyIsAddedFixedOrDistributedAndEndsByItself() throws Exception {
        try (ShadowService service = ShadowService.start(fast(2))) {
            calls(service.baseUri(), "GET", "/browse", 50, 8); // warm the JIT and the sockets
            double base = RawHttp.meanMillis(calls(service.baseUri(), "GET", "/browse", 200, 8));

            service.inject(schedule(new Fault.Latency(Duration.ZERO, LONG, Duration.ofMillis(100), Duration.ZERO)));
            double fixed = RawHttp.meanMillis(calls(service.baseUri(), "GET", "/browse", 200, 20));
            service.inject(schedule(new Fault.Latency(Duration.ZERO, LONG, Duration.ZERO, Duration.ofMillis(50))));
            double jitter = RawHttp.meanMillis(calls(service.baseUri(), "GET", "/browse", 400, 20));
            service.inject(schedule(new Fault.Latency(Duration.ZERO, Duration.ofMillis(500), Duration.ofMillis(100),
                    Duration.ZERO)));
            Thread.sleep(700);
            double after = RawHttp.meanMillis(calls(service.baseUri(), "GET", "/browse", 200, 8));

            System.out.printf("latency fault: base %.1f ms, +100 ms fixed %.1f, +50 ms mean jitter %.1f, after %.1f%n",
                    base, fixed, jitter, after);
            assertThat(fixed - base).isBetween(95.0, 115.0);
            assertThat(jitter - base).as("exponential, mean 50 ms: 400 samples").isBetween(40.0, 62.0);
            assertThat(after - base).as("the fault ended by itself").isLessThan(15.0);
        }
    }

    @Test
    void errorsComeAtTheirRateWithTheirStatusAndCountInTheMetrics() throws Exception {
        try (ShadowService service = ShadowService.start(fast(2))) {
            service.inject(schedule(new Fault.Errors(Duration.ZERO, LONG, 0.3, 500)));

            List<RawHttp.Answer> answers = calls(service.baseUri(), "GET", "/browse", 1000, 16);

            double errors = RawHttp.share(answers, 500);
            System.out.printf("errors fault 30%%: measured %.3f%n", errors);
            assertThat(errors).isBetween(0.255, 0.345);
            assertThat(RawHttp.share(answers, 200)).isEqualTo(1 - errors);
            ShadowMetrics m = service.metrics();
            assertThat(m.totalErrors()).isEqualTo(Math.round(errors * 1000));
        }
    }

    @Test
    void droppedConnectionsEndWithoutAnAnswer() throws Exception {
        try (ShadowService service = ShadowService.start(fast(2))) {
            service.inject(schedule(new Fault.DroppedConnections(Duration.ZERO, LONG, 0.2)));

            List<RawHttp.Answer> answers = calls(service.baseUri(), "GET", "/browse", 800, 16);

            double dropped = RawHttp.share(answers, -1);
            System.out.printf("dropped connections 20%%: measured %.3f%n", dropped);
            assertThat(dropped).isBetween(0.16, 0.24);
            assertThat(RawHttp.share(answers, 200)).isEqualTo(1 - dropped);
        }
    }

    @Test
    void aDependencyOutageFailsOneFamilyOfEndpointsOnly() throws Exception {
        try (ShadowService service = ShadowService.start(fast(2))) {
            service.inject(schedule(new Fault.DependencyOutage(Duration.ZERO, LONG, "/checkout", 503)));

            assertThat(RawHttp.share(calls(service.baseUri(), "POST", "/checkout", 100, 8), 503)).isEqualTo(1.0);
            assertThat(RawHttp.share(calls(service.baseUri(), "GET", "/browse", 100, 8), 200)).isEqualTo(1.0);
            assertThat(RawHttp.share(calls(service.baseUri(), "GET", "/search", 100, 8), 200)).isEqualTo(1.0);
        }
    }

    @Test
    void aSlowInstanceServesItsFactorSlower() throws Exception {
        // 10 ms of service; eight requests at a time on two instances of four workers: no queueing to blur it
        try (ShadowService service = ShadowService.start(fast(2).withCapacity(400, 4))) {
            service.inject(schedule(new Fault.SlowInstance(Duration.ZERO, LONG, 1, 4)));

            List<RawHttp.Answer> answers = calls(service.baseUri(), "GET", "/browse", 800, 8);

            List<RawHttp.Answer> slow = answers.stream().filter(a -> a.instance() == 0).toList();
            List<RawHttp.Answer> normal = answers.stream().filter(a -> a.instance() == 1).toList();
            double ratio = RawHttp.meanMillis(slow) / RawHttp.meanMillis(normal);
            System.out.printf("slow instance x4: %d requests at %.1f ms, %d at %.1f ms: ratio %.2f%n", slow.size(),
                    RawHttp.meanMillis(slow), normal.size(), RawHttp.meanMillis(normal), ratio);
            assertThat(slow.size()).isGreaterThan(60);
            // a millisecond or two of the client's own time in both pulls the ratio of four a little under
            assertThat(ratio).isBetween(3.0, 5.0);
        }
    }

    @Test
    void aCrashTakesInstancesOutOfServiceUntilTheyRestartAndWarmUp() throws Exception {
        try (ShadowService service = ShadowService.start(fast(4).withWarmUp(Duration.ofMillis(600)))) {
            Thread.sleep(700); // the fleet's own first warm-up
            service.inject(schedule(new Fault.InstanceCrash(Duration.ZERO, Duration.ofSeconds(1), 2)));
            long injected = System.nanoTime();

            ShadowMetrics during = service.metrics();
            List<RawHttp.Answer> answers = calls(service.baseUri(), "GET", "/browse", 200, 8);
            sleepUntil(injected, Duration.ofMillis(1250)); // crashed until 1 s, warming until 1.6 s
            ShadowMetrics restarting = service.metrics();
            sleepUntil(injected, Duration.ofMillis(1900));
            ShadowMetrics after = service.metrics();

            assertThat(during.readyInstances()).isEqualTo(2);
            assertThat(during.perInstance()).extracting(ShadowMetrics.InstanceMetrics::state)
                    .containsExactly("CRASHED", "CRASHED", "READY", "READY");
            assertThat(answers).extracting(RawHttp.Answer::instance).as("only the survivors serve")
                    .containsOnly(2, 3);
            assertThat(restarting.perInstance()).extracting(ShadowMetrics.InstanceMetrics::state)
                    .as("restarted, warming up").containsExactly("WARMING", "WARMING", "READY", "READY");
            assertThat(after.readyInstances()).as("back after the warm-up").isEqualTo(4);
            assertThat(after.instances()).isEqualTo(4);
        }
    }

    private static void sleepUntil(long startNanos, Duration offset) throws InterruptedException {
        long left = startNanos + offset.toNanos() - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }
}
