package dev.prescale.forecast;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * Calibrated quantile forecasts from any model (normalized split-conformal): forecast the last {@code origins}
 * horizons of the history from their own origins, and score each actual by how far it fell from the model's point, in
 * units of the model's own 80% half-width at that step (so a model that knows where it is unsure lends that to the
 * quantiles). The {@code q} quantile of step {@code h} is then the point plus the conformal {@code q} quantile of the
 * scores times the half-width. The busiest step of each window is calibrated the same way on its own scores: the
 * busiest actual against the busiest point, in units of the window's mean half-width, because the largest of many
 * steps lies higher than any one step's quantile suggests.
 *
 * <p>Unlike {@link Calibrated} (one factor on both half-widths) the quantiles are asymmetric: traffic overshoots a
 * forecast further than it falls short. Assumes the held-out horizons are like the next (exchangeable scores); it costs
 * {@code origins} extra fits.
 */
public final class ConformalQuantiles implements Forecaster {

    /** The levels every forecast carries: the median and the ends of the 60, 80 and 90% central intervals. */
    public static final double[] LEVELS = {0.05, 0.1, 0.2, 0.5, 0.8, 0.9, 0.95};

    private final Forecaster model;
    private final int origins;

    public ConformalQuantiles(Forecaster model, int origins) {
        if (origins < 1) {
            throw new IllegalArgumentException("calibration needs at least one held-out origin, but had " + origins);
        }
        this.model = model;
        this.origins = origins;
    }

    @Override
    public String name() {
        return model.name() + "+quantiles";
    }

    /** The central {@code intervalWidth} interval of {@link #quantiles}, the median as its point. */
    @Override
    public Forecast forecast(Series history, int horizon, double intervalWidth) {
        Intervals.z(intervalWidth);
        TreeSet<Double> levels = new TreeSet<>();
        for (double level : LEVELS) {
            levels.add(level);
        }
        levels.add((1 - intervalWidth) / 2);
        levels.add((1 + intervalWidth) / 2);
        return quantiles(history, horizon, horizon,
                levels.stream().mapToDouble(Double::doubleValue).toArray()).interval(intervalWidth);
    }

    /** Quantiles at {@link #LEVELS} of each of {@code horizon} steps and of each window of {@code windowSteps}. */
    public QuantileForecast quantiles(Series history, int horizon, int windowSteps) {
        return quantiles(history, horizon, windowSteps, LEVELS);
    }

    QuantileForecast quantiles(Series history, int horizon, int windowSteps, double[] levels) {
        if (horizon < 1 || windowSteps < 1) {
            throw new ForecastException("a quantile forecast needs a horizon and a window of at least one step, but "
                    + "had " + horizon + " and " + windowSteps, "ask for e.g. a day ahead in windows of 15 minutes");
        }
        int n = history.size();
        if (n - origins * horizon < horizon) {
            throw new ForecastException("calibrating " + model.name() + " on " + origins + " held-out horizons needs "
                    + (origins + 1) * horizon + " steps of history, but had " + n, "give more history or forecast "
                    + "a shorter horizon");
        }
        double floor = floor(history);
        int windows = (horizon + windowSteps - 1) / windowSteps;
        double[] stepScores = new double[origins * horizon];
        double[] windowScores = new double[origins * windows];
        int s = 0;
        int w = 0;
        for (int k = origins; k >= 1; k--) {
            int origin = n - k * horizon;
            Forecast held = model.forecast(history.head(origin), horizon, 0.8);
            double[] p = held.point();
            double[] half = halfWidths(held, floor);
            for (int h = 0; h < horizon; h++) {
                double y = history.at(origin + h);
                if (!Double.isNaN(y)) {
                    stepScores[s++] = (y - p[h]) / half[h];
                }
            }
            double[][] peaks = windowPeaks(p, half, windowSteps);
            for (int j = 0; j < windows; j++) {
                double busiestActual = Double.NEGATIVE_INFINITY;
                int observed = 0;
                int from = j * windowSteps;
                int to = Math.min(horizon, from + windowSteps);
                for (int h = from; h < to; h++) {
                    double y = history.at(origin + h);
                    if (!Double.isNaN(y)) {
                        busiestActual = Math.max(busiestActual, y);
                        observed++;
                    }
                }
                if (2 * observed >= to - from) { // a window mostly missing says little about its busiest step
                    windowScores[w++] = (busiestActual - peaks[j][0]) / peaks[j][1];
                }
            }
        }
        if (s == 0 || w == 0) {
            throw new ForecastException("the held-out horizons of " + model.name() + " are all missing, so its "
                    + "errors cannot be measured", "give it recent data");
        }
        double[] stepSorted = Arrays.copyOf(stepScores, s);
        double[] windowSorted = Arrays.copyOf(windowScores, w);
        Arrays.sort(stepSorted);
        Arrays.sort(windowSorted);

        Forecast f = model.forecast(history, horizon, 0.8);
        double[] p = f.point();
        double[] half = halfWidths(f, floor);
        boolean nonNegative = history.observed() > 0 && Arrays.stream(history.values())
                .filter(v -> !Double.isNaN(v)).min().orElse(0) >= 0;
        double[][] peaks = windowPeaks(p, half, windowSteps);
        double[][] steps = new double[levels.length][horizon];
        double[][] busiest = new double[levels.length][windows];
        for (int l = 0; l < levels.length; l++) {
            double stepScore = conformal(stepSorted, levels[l]);
            double windowScore = conformal(windowSorted, levels[l]);
            for (int h = 0; h < horizon; h++) {
                steps[l][h] = clip(p[h] + stepScore * half[h], nonNegative);
            }
            for (int j = 0; j < windows; j++) {
                busiest[l][j] = clip(peaks[j][0] + windowScore * peaks[j][1], nonNegative);
            }
        }
        return new QuantileForecast(name(), f.start(), f.step(), levels, steps, windowSteps, busiest);
    }

    /** Per window of {@code windowSteps} (the last one possibly shorter): its busiest point and its mean half-width. */
    private static double[][] windowPeaks(double[] point, double[] half, int windowSteps) {
        int windows = (point.length + windowSteps - 1) / windowSteps;
        double[][] peaks = new double[windows][2];
        for (int j = 0; j < windows; j++) {
            int from = j * windowSteps;
            int to = Math.min(point.length, from + windowSteps);
            double busiest = Double.NEGATIVE_INFINITY;
            double halfSum = 0;
            for (int h = from; h < to; h++) {
                busiest = Math.max(busiest, point[h]);
                halfSum += half[h];
            }
            peaks[j][0] = busiest;
            peaks[j][1] = halfSum / (to - from);
        }
        return peaks;
    }

    /** The conformal {@code level} quantile of sorted scores: rank ceil((n + 1) level) above the median. */
    static double conformal(double[] sorted, double level) {
        int n = sorted.length;
        int rank = level >= 0.5 ? (int) Math.ceil((n + 1) * level) : (int) Math.floor((n + 1) * level);
        return sorted[Math.max(1, Math.min(n, rank)) - 1];
    }

    /** The model's 80% half-widths, never below a hundredth of the history's level (so no score divides by 0). */
    private static double[] halfWidths(Forecast f, double floor) {
        double[] lower = f.lower();
        double[] upper = f.upper();
        double[] half = new double[lower.length];
        for (int h = 0; h < half.length; h++) {
            double width = (upper[h] - lower[h]) / 2;
            half[h] = Double.isFinite(width) ? Math.max(floor, width) : floor;
        }
        return half;
    }

    private static double floor(Series history) {
        return Math.max(1e-9, 0.01 * history.meanMagnitude());
    }

    private static double clip(double value, boolean nonNegative) {
        return nonNegative ? Math.max(0, value) : value;
    }
}
