package dev.prescale.anomaly;

/** Shared arithmetic of the detectors. */
final class Scores {

    private Scores() {
    }

    /**
     * A distance in robust standard deviations as a score in [0, 1): 0 up to 3 sigmas (ordinary noise), then rising,
     * 0.5 at 10.5 and 0.9 at 70.5 sigmas, never quite 1, so even far-out points keep their order.
     */
    static double fromZ(double z) {
        double over = Double.isNaN(z) ? 0 : Math.max(0, z - 3);
        return over / (over + 7.5);
    }

    /**
     * A scale never below a small share of the value's magnitude: a constant series has no spread, and then any
     * change is anomalous, but rounding noise is not.
     */
    static double floor(double sigma, double value) {
        return Math.max(sigma, 1e-3 * Math.abs(value) + 1e-9);
    }
}
