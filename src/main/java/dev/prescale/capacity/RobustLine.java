package dev.prescale.capacity;

import java.util.Arrays;

/**
 * A straight line {@code y = intercept + slope * x} fitted with Huber weights (iteratively reweighted least squares,
 * residual scale from the median absolute deviation), so one disturbed rehearsal does not tilt it.
 *
 * @param sigma robust spread of y around the line
 */
record RobustLine(double intercept, double slope, double sigma) {

    private static final double HUBER_K = 1.345;

    static RobustLine fit(double[] x, double[] y) {
        int n = x.length;
        double[] w = new double[n];
        Arrays.fill(w, 1);
        double a = 0;
        double b = 0;
        double sigma = 0;
        for (int iteration = 0; iteration < 20; iteration++) {
            double sw = 0;
            double sx = 0;
            double sy = 0;
            double sxx = 0;
            double sxy = 0;
            for (int i = 0; i < n; i++) {
                sw += w[i];
                sx += w[i] * x[i];
                sy += w[i] * y[i];
                sxx += w[i] * x[i] * x[i];
                sxy += w[i] * x[i] * y[i];
            }
            b = (sw * sxy - sx * sy) / (sw * sxx - sx * sx);
            a = (sy - b * sx) / sw;
            double[] absolute = new double[n];
            for (int i = 0; i < n; i++) {
                absolute[i] = Math.abs(y[i] - (a + b * x[i]));
            }
            double[] sorted = absolute.clone();
            Arrays.sort(sorted);
            sigma = Math.max(1e-4, 1.4826 * sorted[n / 2]);
            for (int i = 0; i < n; i++) {
                double u = absolute[i] / sigma;
                w[i] = u <= HUBER_K ? 1 : HUBER_K / u;
            }
        }
        return new RobustLine(a, b, sigma);
    }
}
