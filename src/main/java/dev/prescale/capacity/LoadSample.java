package dev.prescale.capacity;

/**
 * What a rehearsal measured at one steady load level.
 *
 * @param requestsPerSecond arrivals per second at the target
 * @param instances         instances serving
 * @param utilization       mean CPU utilization of those instances, 0..1
 * @param p95Millis         95th percentile of response time, or NaN if unknown
 */
public record LoadSample(double requestsPerSecond, int instances, double utilization, double p95Millis) {

    public LoadSample {
        if (!(requestsPerSecond >= 0) || instances < 1 || !(utilization >= 0)) {
            throw new IllegalArgumentException("a load sample needs rps >= 0, instances >= 1 and utilization >= 0, "
                    + "but had " + requestsPerSecond + ", " + instances + ", " + utilization);
        }
    }

    public double perInstance() {
        return requestsPerSecond / instances;
    }
}
