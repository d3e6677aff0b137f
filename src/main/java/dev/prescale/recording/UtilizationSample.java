package dev.prescale.recording;

/**
 * What the target reported about its resources at one moment: one per instance, and one for the fleet
 * ({@code instance = "fleet"}), which also carries rates and sizes.
 *
 * @param instance      instance id, or {@value #FLEET}
 * @param cpu           utilization 0..1
 * @param memoryMb      memory in use
 * @param inFlight      requests being served
 * @param rps           arrivals per second (fleet only, else NaN)
 * @param errorRate     rejected share 0..1 (fleet only, else NaN)
 * @param instances     fleet size (fleet only, else -1)
 * @param readyInstances serving instances (fleet only, else -1)
 */
public record UtilizationSample(String instance, double cpu, double memoryMb, long inFlight, double rps,
                                double errorRate, int instances, int readyInstances) {

    public static final String FLEET = "fleet";
}
