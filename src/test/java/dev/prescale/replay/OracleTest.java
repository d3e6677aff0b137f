package dev.prescale.replay;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both oracles never violate and are the cheapest under their rule: on small random traces, an exhaustive search over
 * every capacity plan the rule allows finds none that is violation-free and cheaper.
 */
class OracleTest {

    static final ReplaySettings WORLD = new ReplaySettings(1.0, 0.5, 1.0, 2, 0, 1, 10);

    @Test
    void theOraclesNeverViolateOnRandomTraces() {
        Random random = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            double[] rps = randomTrace(random, 120);
            for (int step : new int[]{1, 5, 15}) {
                CapacitySimulator.Result r = CapacitySimulator.run(rps, 10, WORLD, new Oracle(rps, step));
                assertThat(r.violationMinutes()).as("trial " + trial + ", step " + step).isZero();
            }
        }
    }

    @Test
    void noViolationFreePlanUnderTheRuleIsCheaper() {
        Random random = new Random(3);
        for (int trial = 0; trial < 12; trial++) {
            double[] rps = randomTrace(random, 8, 4.8); // at most 5 instances: every plan of 1-5 is tried
            for (int step : new int[]{1, 3}) {
                double oracle = CapacitySimulator.run(rps, 1, WORLD, new Oracle(rps, step)).instanceHours();
                double cheapest = cheapestViolationFree(rps, step);
                assertThat(oracle).as("trial " + trial + ", step " + step).isEqualTo(cheapest);
            }
        }
    }

    @Test
    void changingEveryFiveMinutesCostsMoreThanEveryMinute() {
        double[] rps = randomTrace(new Random(5), 1440);
        double perMinute = CapacitySimulator.run(rps, 60, WORLD, new Oracle(rps)).instanceHours();
        double everyFive = CapacitySimulator.run(rps, 60, WORLD, new Oracle(rps, 5)).instanceHours();
        assertThat(everyFive).isGreaterThan(perMinute);
    }

    @Test
    void demandExactlyAtCapacityIsNotAViolation() {
        // 25 requests/min over 5 instances of 5 requests/min each: a division that lands a hair above 1.0
        ReplaySettings perMinute = ReplaySettings.of(5, 1.0, 5);
        double[] rps = new double[30];
        java.util.Arrays.fill(rps, 25 / 60.0);
        assertThat(CapacitySimulator.run(rps, 10, perMinute, new Oracle(rps)).violationMinutes()).isZero();
    }

    /** Tries every plan of counts 1..5 changed every {@code step} minutes after minute 1; the cheapest safe one. */
    static double cheapestViolationFree(double[] rps, int step) {
        int decisions = (rps.length - 1 + step - 1) / step;
        int[] plan = new int[decisions];
        double best = Double.POSITIVE_INFINITY;
        for (long code = 0; code < Math.pow(5, decisions); code++) {
            long c = code;
            for (int d = 0; d < decisions; d++) {
                plan[d] = (int) (c % 5) + 1;
                c /= 5;
            }
            int[] fixed = plan.clone();
            ReplayPolicy policy = new ReplayPolicy() {
                @Override
                public String name() {
                    return "plan";
                }

                @Override
                public int desired(FleetView view) {
                    int m = view.minute() - 1;
                    return m % step == 0 ? fixed[m / step] : view.desired();
                }
            };
            CapacitySimulator.Result r = CapacitySimulator.run(rps, 1, WORLD, policy);
            if (r.violationMinutes() == 0) {
                best = Math.min(best, r.instanceHours());
            }
        }
        return best;
    }

    static double[] randomTrace(Random random, int minutes) {
        return randomTrace(random, minutes, 5.5);
    }

    static double[] randomTrace(Random random, int minutes, double highest) {
        double[] rps = new double[minutes];
        double level = 2;
        for (int i = 0; i < minutes; i++) {
            level = Math.max(0.2, Math.min(highest, level + random.nextGaussian()));
            rps[i] = level;
        }
        return rps;
    }
}
