package dev.prescale.shadow;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The queueing model in virtual time: arrivals are fed with explicit timestamps, so no test waits on a clock. */
class ShadowFleetTest {

    static final Endpoint UNIT = new Endpoint("unit", "GET", "/unit", 1, 2);
    static final long SECOND = 1_000_000_000L;

    /** One instance, one worker, 10 units/s: an M/M/1 queue with service rate 10/s under Poisson arrivals. */
    static ShadowConfig singleServer(Duration maxQueueWait) {
        return ShadowConfig.DEFAULTS.withInstances(1).withCapacity(10, 1).withMaxQueueWait(maxQueueWait)
                .withEndpoints(List.of(UNIT));
    }

    record Run(double meanResponseSeconds, long served, long rejected, double seconds) {
    }

    static Run poisson(ShadowFleet fleet, double ratePerSecond, int arrivals, long seed) {
        Random random = new Random(seed);
        long now = 0;
        double totalResponse = 0;
        long served = 0;
        for (int i = 0; i < arrivals; i++) {
            now += (long) (-Math.log(1 - random.nextDouble()) / ratePerSecond * SECOND);
            ShadowFleet.Admission a = fleet.admit(UNIT, now);
            if (a.admitted()) {
                totalResponse += a.responseNanos() / 1e9;
                served++;
            }
        }
        return new Run(totalResponse / Math.max(1, served), served, arrivals - served, now / 1e9);
    }

    @Test
    void responseTimeMatchesTheMM1Formula() {
        for (double load : new double[]{0.5, 0.8}) {
            ShadowFleet fleet = new ShadowFleet(singleServer(Duration.ofHours(1)), 0);
            Run run = poisson(fleet, 10 * load, 200_000, 7);
            double expected = 1 / (10 - 10 * load); // M/M/1 sojourn time 1/(mu - lambda)
            assertThat(run.meanResponseSeconds()).as("mean response at utilization %s", load)
                    .isCloseTo(expected, within(0.05 * expected));
            assertThat(run.rejected()).isZero();
        }
    }

    @Test
    void latencyRisesWithUtilization() {
        double[] loads = {0.2, 0.5, 0.7, 0.9};
        double[] response = new double[loads.length];
        for (int i = 0; i < loads.length; i++) {
            ShadowConfig config = ShadowConfig.DEFAULTS.withInstances(2).withEndpoints(List.of(UNIT))
                    .withMaxQueueWait(Duration.ofHours(1));
            response[i] = poisson(new ShadowFleet(config, 0), 2 * config.capacityPerInstance() * loads[i], 100_000, 11)
                    .meanResponseSeconds();
        }
        // eight workers behind a least-loaded balancer barely queue at half load, then the wait takes off
        assertThat(response).isSorted();
        assertThat(response[0]).isCloseTo(0.040, within(0.002)); // the mean service time of a unit request
        assertThat(response[3]).isGreaterThan(1.5 * response[0]);
    }

    @Test
    void pastCapacityRequestsAreShedAndThroughputStaysAtCapacity() {
        ShadowFleet fleet = new ShadowFleet(singleServer(Duration.ofSeconds(1)), 0);

        Run run = poisson(fleet, 15, 60_000, 3);

        assertThat(run.rejected() / 60_000.0).isCloseTo(1 / 3.0, within(0.03));
        assertThat(run.served() / run.seconds()).isCloseTo(10, within(0.5));
        assertThat(fleet.metrics((long) (run.seconds() * SECOND)).errorRate()).isGreaterThan(0.1);
    }

    @Test
    void belowCapacitySheddingIsRare() {
        Run run = poisson(new ShadowFleet(singleServer(Duration.ofSeconds(1)), 0), 5, 20_000, 5);
        // M/M/1 at 50%: P(wait > 1 s) = rho * exp(-(mu - lambda) * 1 s) = 0.5 * e^-5, an upper bound once shedding
        // trims the queue
        assertThat(run.rejected() / 20_000.0).isLessThan(0.5 * Math.exp(-5));
    }

    @Test
    void newInstancesServeOnlyAfterWarmUp() {
        ShadowConfig config = ShadowConfig.DEFAULTS.withInstances(1).withWarmUp(Duration.ofSeconds(30))
                .withEndpoints(List.of(UNIT));
        ShadowFleet fleet = new ShadowFleet(config, 0);

        assertThat(fleet.scaleTo(3, 10 * SECOND)).isEqualTo(3);
        assertThat(fleet.readyCount(10 * SECOND)).isEqualTo(1);
        for (long t = 11 * SECOND; t < 39 * SECOND; t += SECOND / 10) {
            assertThat(fleet.admit(UNIT, t).instanceId()).isZero();
        }
        assertThat(fleet.readyCount(40 * SECOND)).isEqualTo(3);
        java.util.Set<Integer> used = new java.util.HashSet<>();
        for (long t = 40 * SECOND; t < 41 * SECOND; t += SECOND / 100) {
            used.add(fleet.admit(UNIT, t).instanceId());
        }
        assertThat(used).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void scalingInRemovesTheNewestAndZeroInstancesRejectEverything() {
        ShadowFleet fleet = new ShadowFleet(ShadowConfig.DEFAULTS.withInstances(3).withEndpoints(List.of(UNIT)), 0);

        fleet.scaleTo(1, SECOND);
        assertThat(fleet.admit(UNIT, 2 * SECOND).instanceId()).isZero();
        fleet.scaleTo(0, 3 * SECOND);
        assertThat(fleet.admit(UNIT, 4 * SECOND).rejection()).isEqualTo(ShadowFleet.Rejection.NO_READY_INSTANCE);
        assertThat(fleet.scaleTo(1_000, 5 * SECOND)).isEqualTo(ShadowConfig.DEFAULTS.maxInstances());
        assertThat(fleet.scaleTo(-4, 6 * SECOND)).isZero();
    }

    @Test
    void metricsReportUtilizationRateMemoryAndPercentiles() {
        ShadowConfig config = ShadowConfig.DEFAULTS.withInstances(2).withEndpoints(List.of(UNIT));
        ShadowFleet fleet = new ShadowFleet(config, 0);
        Random random = new Random(1);
        long now = 0;
        ShadowFleet.Admission last = null;
        while (now < 20 * SECOND) { // 100 units/s offered to 200 units/s of capacity
            now += (long) (-Math.log(1 - random.nextDouble()) / 100 * SECOND);
            last = fleet.admit(UNIT, now);
        }

        ShadowMetrics m = fleet.metrics(20 * SECOND);

        assertThat(m.instances()).isEqualTo(2);
        assertThat(m.requestsPerSecond()).isCloseTo(100, within(10.0));
        assertThat(m.meanUtilization()).isCloseTo(0.5, within(0.07));
        assertThat(m.perInstance()).allSatisfy(i -> assertThat(i.cpuUtilization()).isBetween(0.3, 0.7));
        assertThat(m.latencyMs().p50()).isLessThan(m.latencyMs().p95());
        assertThat(m.latencyMs().p95()).isLessThanOrEqualTo(m.latencyMs().p99());
        assertThat(m.latencyMs().p50()).isBetween(20.0, 80.0); // service time alone is 40 ms on average
        assertThat(m.errorRate()).isZero();
        double memoryHeld = m.perInstance().stream().mapToDouble(ShadowMetrics.InstanceMetrics::memoryMb).sum();
        fleet.complete(last);
        double released = memoryHeld - fleet.metrics(20 * SECOND).perInstance().stream()
                .mapToDouble(ShadowMetrics.InstanceMetrics::memoryMb).sum();
        assertThat(released).isEqualTo(UNIT.memoryMb());
    }
}
