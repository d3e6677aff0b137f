package dev.prescale.capacity;

import java.util.Map;

/**
 * One moment of a rehearsal as the signature model sees it.
 *
 * @param rps       requests per second per endpoint ({@code GET /browse})
 * @param instances instances serving
 * @param cpu       mean utilization of an instance (0..1)
 * @param memoryMb  memory the whole fleet used, in MB
 */
public record SignatureSample(Map<String, Double> rps, int instances, double cpu, double memoryMb) {

    public SignatureSample {
        rps = Map.copyOf(rps);
    }

    public double totalRps() {
        return rps.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
