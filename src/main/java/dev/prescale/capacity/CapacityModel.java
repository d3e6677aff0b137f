package dev.prescale.capacity;

import dev.prescale.forecast.Forecast;
import dev.prescale.forecast.ForecastException;

import java.util.List;

/**
 * How utilization grows with per-instance load, fitted from rehearsal results: utilization = intercept + slope x
 * (requests/s per instance), by a robust (Huber-weighted) straight-line fit, so one disturbed rehearsal does not tilt
 * it. Latency's growth with utilization is the {@link LatencyCurve}; a p95 objective becomes a utilization target
 * through {@link LatencyCurve#maxUtilizationFor}. It maps a traffic forecast with its interval to predicted utilization with an interval, and to the
 * instance count that keeps utilization under a target.
 *
 * @param intercept     utilization of an idle instance
 * @param slope         utilization added per request/s on one instance
 * @param residualSigma spread of measured utilization around the line
 */
public record CapacityModel(double intercept, double slope, double residualSigma) {

    /** Predicted utilization: point and interval bounds, per forecast step. */
    public record Prediction(double[] point, double[] lower, double[] upper, int instances) {
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
        RobustLine line = RobustLine.fit(samples.stream().mapToDouble(LoadSample::perInstance).toArray(),
                samples.stream().mapToDouble(LoadSample::utilization).toArray());
        double a = line.intercept();
        double b = line.slope();
        if (!(b > 0)) {
            throw new ForecastException("utilization did not rise with load in these rehearsals (slope " + b + ")",
                    "rehearse at load levels far enough apart to move utilization");
        }
        return new CapacityModel(a, b, line.sigma());
    }

    /** Expected utilization at {@code requestsPerSecond} spread over {@code instances}. */
    public double utilizationAt(double requestsPerSecond, int instances) {
        return intercept + slope * requestsPerSecond / instances;
    }

    /**
     * Predicted utilization for a forecast of requests per step, on {@code instances} instances: the point from the
     * point forecast, the bounds from the forecast's bounds widened by {@code z} residual spreads (the lower one not
     * below what an idle instance uses).
     */
    public Prediction predict(Forecast traffic, int instances, double z) {
        double[] point = new double[traffic.horizon()];
        double[] lower = new double[traffic.horizon()];
        double[] upper = new double[traffic.horizon()];
        for (int h = 0; h < point.length; h++) {
            point[h] = utilizationAt(traffic.point()[h] / traffic.step(), instances);
            lower[h] = Math.max(Math.min(intercept, point[h]), utilizationAt(Math.max(0, traffic.lower()[h])
                    / traffic.step(), instances) - z * residualSigma);
            upper[h] = utilizationAt(traffic.upper()[h] / traffic.step(), instances) + z * residualSigma;
        }
        return new Prediction(point, lower, upper, instances);
    }

    /**
     * Requests per second one instance carries at {@code utilization} (the model's line solved for the load).
     *
     * @throws ForecastException when an idle instance already uses that much
     */
    public double rpsPerInstanceAt(double utilization) {
        double room = utilization - intercept;
        if (!(room > 0) || !(slope > 0)) {
            throw new ForecastException("utilization " + utilization + " is not above what an idle instance uses ("
                    + intercept + "), or the model's slope " + slope + " is not positive",
                    "refit the capacity model from a rehearsal at several load levels");
        }
        return room / slope;
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
