package dev.prescale.capacity;

import dev.prescale.forecast.ForecastException;

import java.util.List;

/**
 * How the 95th percentile of response time grows as instances fill up: {@code p95 = base + growth * u / (1 - u)} for
 * utilization {@code u}, the shape of a queue's waiting time, fitted robustly from rehearsals. Latency stays near
 * {@code base} at low utilization and bends sharply upwards near saturation; the knee is where queueing has doubled
 * the unloaded latency.
 *
 * @param baseMillis   p95 of an unloaded instance
 * @param growthMillis latency added per unit of {@code u / (1 - u)}
 */
public record LatencyCurve(double baseMillis, double growthMillis) {

    /**
     * @throws ForecastException with fewer than two rehearsals that measured p95 below saturation, or when latency
     *                           did not grow with utilization
     */
    public static LatencyCurve fit(List<LoadSample> samples) {
        List<LoadSample> usable = samples.stream()
                .filter(s -> !Double.isNaN(s.p95Millis()) && s.utilization() < 0.99).toList();
        long levels = usable.stream().mapToDouble(LoadSample::utilization).distinct().count();
        if (levels < 2) {
            throw new ForecastException("the latency curve needs p95 from rehearsals at two or more utilization "
                    + "levels below saturation, but had " + levels, "rehearse at several intensities with recording on");
        }
        double[] x = usable.stream().mapToDouble(s -> s.utilization() / (1 - s.utilization())).toArray();
        double[] y = usable.stream().mapToDouble(LoadSample::p95Millis).toArray();
        RobustLine line = RobustLine.fit(x, y);
        if (!(line.slope() > 0) || !(line.intercept() > 0)) {
            throw new ForecastException("p95 did not grow with utilization in these rehearsals (base "
                    + line.intercept() + " ms, growth " + line.slope() + " ms)",
                    "rehearse closer to saturation so queueing shows");
        }
        return new LatencyCurve(line.intercept(), line.slope());
    }

    /** Expected p95 at {@code utilization}; infinite at or past saturation. */
    public double p95At(double utilization) {
        return utilization >= 1 ? Double.POSITIVE_INFINITY
                : baseMillis + growthMillis * utilization / (1 - utilization);
    }

    /** The utilization at which queueing has doubled the unloaded p95. */
    public double knee() {
        return baseMillis / (baseMillis + growthMillis);
    }

    /** The highest utilization that keeps p95 at or under {@code targetMillis}; 0 when even idle is too slow. */
    public double maxUtilizationFor(double targetMillis) {
        double k = (targetMillis - baseMillis) / growthMillis;
        return k <= 0 ? 0 : k / (1 + k);
    }
}
