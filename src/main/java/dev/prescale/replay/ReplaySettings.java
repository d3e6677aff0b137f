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
     * Settings sized to a trace: one instance serves a tenth of the peak minute's rate, so the peak needs about 14
     * instances at 70%; violations above 90%; instances serve 5 minutes after launch; metrics arrive 2 minutes late.
     */
    public static ReplaySettings sizedFor(double[] requestsPerMinute) {
        double peak = 0;
        for (double v : requestsPerMinute) {
            peak = Double.isNaN(v) ? peak : Math.max(peak, v);
        }
        return new ReplaySettings(Math.max(1e-6, peak / 60 / 10), 0.7, 0.9, 5, 2, 1, 200);
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
