package dev.prescale.replay;

/**
 * The capacity simulator's world: how much one instance serves and how the fleet behaves.
 *
 * @param capacityPerInstance requests/s one instance serves at 100% utilization
 * @param targetUtilization   what every policy aims for, 0..1
 * @param violationUtilization above this, a minute counts as an SLO violation (the latency knee), 0..1
 * @param warmUpMinutes       minutes from launch until an instance serves
 * @param metricLagMinutes    minutes until a utilization measurement is visible to a policy (CloudWatch lag)
 * @param minInstances        fewest instances any policy may run
 * @param maxInstances        most instances any policy may run
 */
public record ReplaySettings(double capacityPerInstance, double targetUtilization, double violationUtilization,
                             int warmUpMinutes, int metricLagMinutes, int minInstances, int maxInstances) {

    public ReplaySettings {
        if (!(capacityPerInstance > 0) || !(targetUtilization > 0 && targetUtilization < violationUtilization)
                || !(violationUtilization <= 1) || warmUpMinutes < 0 || metricLagMinutes < 0 || minInstances < 1
                || maxInstances < minInstances) {
            throw new IllegalArgumentException("replay settings need capacity > 0, 0 < target < violation <= 1, "
                    + "warm-up and lag >= 0, 1 <= min <= max, but had " + capacityPerInstance + ", "
                    + targetUtilization + ", " + violationUtilization + ", " + warmUpMinutes + ", " + metricLagMinutes
                    + ", " + minInstances + ", " + maxInstances);
        }
    }

    /**
     * The replay's world as a user states it.
     *
     * @param perInstancePerMinute requests per minute one instance serves at 100%
     * @param violationLevel       a minute violates when demand exceeds what serving instances carry at this level
     * @param warmUpMinutes        minutes from launch until an instance serves
     */
    public static ReplaySettings of(double perInstancePerMinute, double violationLevel, int warmUpMinutes) {
        return new ReplaySettings(perInstancePerMinute / 60, Math.min(0.7, violationLevel * 0.7), violationLevel,
                warmUpMinutes, 2, 1, 10_000);
    }

    /**
     * The rule when no rate per instance is given: the training window's 99th-percentile minute needs ten instances
     * (the percentile, not the peak, so one burst does not leave the fleet at a single instance).
     */
    public static final String DERIVED_RULE = "one instance serves a tenth of the training window's 99th-percentile "
            + "minute";

    /** Requests per minute per instance by {@link #DERIVED_RULE}, from the training minutes only. */
    public static double derivedPerInstance(double[] requestsPerMinute, int trainingMinutes) {
        double[] training = java.util.Arrays.stream(requestsPerMinute, 0, Math.min(trainingMinutes,
                requestsPerMinute.length)).filter(v -> !Double.isNaN(v)).sorted().toArray();
        double p99 = training.length == 0 ? 0 : training[(int) Math.floor(0.99 * (training.length - 1))];
        return Math.max(1e-6, p99 / 10);
    }

    /** Instances needed to serve {@code rps} at the target utilization. */
    int instancesFor(double rps) {
        return instancesFor(rps, targetUtilization);
    }

    /** Instances needed to serve {@code rps} at {@code utilization}. */
    int instancesFor(double rps, double utilization) {
        return (int) Math.max(minInstances, Math.min(maxInstances, Math.ceil(rps / (capacityPerInstance
                * utilization) - 1e-9)));
    }
}
