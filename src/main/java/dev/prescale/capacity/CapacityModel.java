package dev.prescale.capacity;

import dev.prescale.forecast.Forecast;
import dev.prescale.forecast.ForecastException;

import java.util.List;

/**
 * How utilization grows with per-instance load, fitted from rehearsal results: utilization = intercept + slope x
 * (requests/s per instance), by a robust (Huber-weighted) straight-line fit, so one disturbed rehearsal second does
 * not tilt it. It maps a traffic forecast with its interval to predicted utilization with an interval, and to the
 * instance count that keeps utilization under a target.
 *
 * @param intercept     utilization of an idle instance
 * @param slope         utilization added per request/s on one instance
 * @param residualSigma spread of measured utilization around the line
 */
public record CapacityModel(double intercept, double slope, double residualSigma) {

    private static final double HUBER_K = 1.345;

    /** Predicted utilization: point and upper bound, per forecast step. */
    public record Prediction(double[] point, double[] upper, int instances) {
    }

    /**
     * @throws ForecastException with fewer than two distinct load levels, or when load does not raise utilization
     */
    public static CapacityModel fit(List<LoadSample> samples) {
        long levels = samples.stream().mapToDouble(LoadSample::perInstance).distinct().count();
        if (levels < 2) {
            throw new ForecastException("the capacity model needs rehearsals at two or more load levels, but had "
                    + levels, "rehearse at several intensities (e.g. 0.3, 0.6, 0.9 of the expected peak)");
        }
        int n = samples.size();
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1);
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
                double x = samples.get(i).perInstance();
                double y = samples.get(i).utilization();
                sw += w[i];
                sx += w[i] * x;
                sy += w[i] * y;
                sxx += w[i] * x * x;
                sxy += w[i] * x * y;
            }
            b = (sw * sxy - sx * sy) / (sw * sxx - sx * sx);
            a = (sy - b * sx) / sw;
            double[] residual = new double[n];
            for (int i = 0; i < n; i++) {
                residual[i] = samples.get(i).utilization() - (a + b * samples.get(i).perInstance());
            }
            double[] absolute = java.util.Arrays.stream(residual).map(Math::abs).sorted().toArray();
            sigma = Math.max(1e-4, 1.4826 * absolute[n / 2]);
            for (int i = 0; i < n; i++) {
                double u = Math.abs(residual[i]) / sigma;
                w[i] = u <= HUBER_K ? 1 : HUBER_K / u;
            }
        }
        if (!(b > 0)) {
            throw new ForecastException("utilization did not rise with load in these rehearsals (slope " + b + ")",
                    "rehearse at load levels far enough apart to move utilization");
        }
        return new CapacityModel(a, b, sigma);
    }

    /** Expected utilization at {@code requestsPerSecond} spread over {@code instances}. */
    public double utilizationAt(double requestsPerSecond, int instances) {
        return intercept + slope * requestsPerSecond / instances;
    }

    /**
     * Predicted utilization for a forecast of requests per step, on {@code instances} instances: the point from the
     * point forecast, the upper bound from the forecast's upper bound plus {@code z} residual spreads.
     */
    public Prediction predict(Forecast traffic, int instances, double z) {
        double[] point = new double[traffic.horizon()];
        double[] upper = new double[traffic.horizon()];
        for (int h = 0; h < point.length; h++) {
            point[h] = utilizationAt(traffic.point()[h] / traffic.step(), instances);
            upper[h] = utilizationAt(traffic.upper()[h] / traffic.step(), instances) + z * residualSigma;
        }
        return new Prediction(point, upper, instances);
    }

    /**
     * Fewest instances keeping utilization at or under {@code target} for a peak of {@code requestsPerSecond}, with
     * {@code z} residual spreads of margin.
     */
    public int instancesNeeded(double requestsPerSecond, double target, double z) {
        double room = target - intercept - z * residualSigma;
        if (!(room > 0)) {
            throw new ForecastException("target utilization " + target + " is below what an idle instance uses ("
                    + intercept + " + margin)", "raise the target or lower the confidence");
        }
        return (int) Math.max(1, Math.ceil(slope * requestsPerSecond / room));
    }
}
