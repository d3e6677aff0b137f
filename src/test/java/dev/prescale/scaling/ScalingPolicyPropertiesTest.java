package dev.prescale.scaling;

import dev.prescale.capacity.CapacityModel;
import dev.prescale.forecast.Forecast;
import dev.prescale.profile.Priority;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The guard rails, over every combination of hostile inputs: no decision ever leaves [min, ceiling], and nothing but
 * observed low utilization (or a group above its ceiling) ever scales in.
 */
class ScalingPolicyPropertiesTest {

    static final Instant NOW = ScalingPolicyTest.NOW;
    static final double[] VALUES = {Double.NaN, 0, 1e-9, 1, 250, 3e4, 1e12, Double.MAX_VALUE,
            Double.POSITIVE_INFINITY, -5};
    static final double[] PROBABILITIES = {Double.NaN, -1, 0, 0.3, 0.31, 0.7, 0.71, 1, 7};
    static final int[] CURRENT = {0, 1, 3, 10, 11, 60, 1000, Integer.MAX_VALUE};
    static final List<Bounds> BOUNDS = List.of(Bounds.honoring(0, 0), Bounds.honoring(1, 1), Bounds.honoring(2, 10),
            Bounds.honoring(0, Integer.MAX_VALUE), new Bounds(2, 10, Bounds.MaxCapacityBehavior.INCREASE, 0),
            new Bounds(2, 10, Bounds.MaxCapacityBehavior.INCREASE, 35),
            new Bounds(5, 5, Bounds.MaxCapacityBehavior.INCREASE, 100),
            new Bounds(0, Integer.MAX_VALUE, Bounds.MaxCapacityBehavior.INCREASE, 100));
    static final List<CapacityModel> MODELS = List.of(new CapacityModel(0.05, 0.01, 0.02),
            new CapacityModel(0.9, 0.01, 0.02), new CapacityModel(0, 1e-12, 0), new CapacityModel(0.05, 1e6, 0.5),
            new CapacityModel(Double.NaN, Double.NaN, Double.NaN));

    @Test
    void exhaustivelyNoDecisionLeavesTheBoundsAndNoForecastAloneScalesIn() {
        long cases = 0;
        for (double value : VALUES) {
            for (double probability : PROBABILITIES) {
                for (Priority priority : Priority.values()) {
                    for (Bounds bounds : BOUNDS) {
                        for (int current : CURRENT) {
                            for (CapacityModel model : MODELS) {
                                for (List<ScalingInputs.Observation> observed : observations()) {
                                    check(bounds, current, model, forecast(value, value, value), probability,
                                            priority, observed);
                                    cases++;
                                }
                            }
                        }
                    }
                }
            }
        }
        assertThat(cases).isGreaterThan(100_000);
    }

    @Test
    void randomlyNoDecisionLeavesTheBoundsAndNoForecastAloneScalesIn() {
        SplittableRandom random = new SplittableRandom(20261123);
        for (int i = 0; i < 50_000; i++) {
            double[] upper = new double[1 + random.nextInt(24)];
            for (int h = 0; h < upper.length; h++) {
                upper[h] = random.nextInt(10) == 0 ? VALUES[random.nextInt(VALUES.length)]
                        : Math.pow(10, random.nextDouble(-2, 7));
            }
            int min = random.nextInt(50);
            Bounds bounds = new Bounds(min, min + random.nextInt(200), random.nextBoolean()
                    ? Bounds.MaxCapacityBehavior.HONOR : Bounds.MaxCapacityBehavior.INCREASE, random.nextInt(101));
            CapacityModel model = new CapacityModel(random.nextDouble(0, 0.5), Math.pow(10, random.nextDouble(-6, 1)),
                    random.nextDouble(0, 0.2));
            check(bounds, random.nextInt(400), model, forecast(upper),
                    random.nextDouble(-0.2, 1.2), Priority.values()[random.nextInt(3)],
                    observations().get(random.nextInt(observations().size())));
        }
    }

    private static void check(Bounds bounds, int current, CapacityModel model, Forecast forecast, double probability,
                              Priority priority, List<ScalingInputs.Observation> observed) {
        ScalingPolicy policy = ScalingPolicy.defaults(bounds);
        ScalingInputs in = new ScalingInputs("g", new Capacity(current, bounds.min(), bounds.max()), forecast, model,
                probability, priority, observed, null, null, "");
        ScalingDecision d;
        try {
            d = policy.decide(in, NOW);
        } catch (RuntimeException e) {
            throw new AssertionError("decide threw for " + in + " under " + bounds, e);
        }
        boolean inBounds = d.to() >= bounds.min() && d.to() <= bounds.ceiling();
        boolean holdsInBounds = d.action() == ScalingDecision.Action.HOLD && d.to() == current;
        if (!inBounds && !holdsInBounds) {
            fail("capacity " + d.to() + " outside [" + bounds.min() + ", " + bounds.ceiling() + "]: " + d + " for "
                    + in);
        }
        if (!inBounds) {
            fail("a group outside its bounds was not brought back: " + d + " for " + in);
        }
        boolean observedLow = !observed.isEmpty() && observed.stream().allMatch(o -> o.utilization() < 0.35);
        if (d.action() == ScalingDecision.Action.SCALE_IN && !d.rule().equals("bounds") && !observedLow) {
            fail("scaled in without observed low utilization: " + d + " for " + in);
        }
        if (d.changes() && d.to() > in.current().max() && d.newMax() != d.to()) {
            fail("capacity above the group's max without raising max: " + d);
        }
    }

    static Forecast forecast(double... upperRps) {
        double[] upper = new double[upperRps.length];
        for (int i = 0; i < upper.length; i++) {
            upper[i] = upperRps[i] * 300;
        }
        return new Forecast("test", NOW.getEpochSecond(), 300, upper, upper, upper, 0.8);
    }

    private static List<List<ScalingInputs.Observation>> observations;

    /** None, low for the whole window, high, unknown (NaN), and low but only recently. */
    static synchronized List<List<ScalingInputs.Observation>> observations() {
        if (observations == null) {
            observations = List.of(List.of(), ScalingPolicyTest.observed(0.1, Duration.ofMinutes(30)),
                    ScalingPolicyTest.observed(0.9, Duration.ofMinutes(30)),
                    ScalingPolicyTest.observed(Double.NaN, Duration.ofMinutes(30)),
                    ScalingPolicyTest.observed(0.1, Duration.ofMinutes(5)));
        }
        return observations;
    }

}
