package dev.prescale.shadow;

import java.util.List;

/**
 * The body of {@code GET /metrics}: the fleet as a monitoring agent would report it, over the last
 * {@code windowSeconds} full seconds.
 *
 * @param instances         instances in the fleet, warming or ready
 * @param readyInstances    instances serving
 * @param perInstance       utilization (0..1 of the instance's capacity), memory and requests in flight per instance
 * @param requestsPerSecond arrivals per second, served or rejected
 * @param errorRate         rejected share of arrivals (0..1)
 * @param latencyMs         response-time percentiles of served requests, milliseconds
 * @param totalRequests     arrivals since start
 * @param totalErrors       rejections since start
 */
public record ShadowMetrics(int instances, int readyInstances, List<InstanceMetrics> perInstance,
                            double requestsPerSecond, double errorRate, Latency latencyMs, int windowSeconds,
                            long totalRequests, long totalErrors) {

    public ShadowMetrics {
        perInstance = List.copyOf(perInstance);
    }

    /** Mean utilization over ready instances (0 when none is ready). */
    public double meanUtilization() {
        return perInstance.stream().filter(i -> i.state().equals("READY"))
                .mapToDouble(InstanceMetrics::cpuUtilization).average().orElse(0);
    }

    public record InstanceMetrics(int id, String state, double cpuUtilization, double memoryMb, int inFlight) {
    }

    public record Latency(double p50, double p95, double p99, double max) {
    }
}
