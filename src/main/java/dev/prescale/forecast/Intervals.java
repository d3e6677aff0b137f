package dev.prescale.forecast;

import org.hipparchus.distribution.continuous.NormalDistribution;

/** Helpers shared by the models' interval arithmetic. */
final class Intervals {

    private static final NormalDistribution NORMAL = new NormalDistribution();

    private Intervals() {
    }

    /** The standard normal quantile bounding a central interval of {@code width}. */
    static double z(double width) {
        if (!(width > 0 && width < 1)) {
            throw new ForecastException("interval width " + width + " is not a probability in (0, 1)",
                    "ask for e.g. 0.8 for an 80% interval");
        }
        return NORMAL.inverseCumulativeProbability(0.5 + width / 2);
    }

    /** A robust standard deviation of {@code residuals} (1.4826 x median absolute deviation), NaNs ignored. */
    static double robustSigma(double[] residuals) {
        double[] r = java.util.Arrays.stream(residuals).filter(v -> !Double.isNaN(v)).toArray();
        if (r.length == 0) {
            return 0;
        }
        double median = median(r);
        double[] dev = new double[r.length];
        for (int i = 0; i < r.length; i++) {
            dev[i] = Math.abs(r[i] - median);
        }
        return 1.4826 * median(dev);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
