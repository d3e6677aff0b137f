package dev.prescale.forecast;

/**
 * Repeat the last season: the forecast for a step is the value one season earlier (or the latest earlier season
 * that has one). The baseline every model must beat (MASE is scaled by its error), and what Crane's "repeat the
 * cycle" amounts to. Intervals widen with each season ahead, from the robust spread of seasonal differences.
 */
public final class SeasonalNaive implements Forecaster {

    private final int season;

    /** @param season season length in steps (1 gives the plain naive forecast) */
    public SeasonalNaive(int season) {
        if (season < 1) {
            throw new IllegalArgumentException("season must be >= 1 step, but was " + season);
        }
        this.season = season;
    }

    @Override
    public String name() {
        return season == 1 ? "naive" : "seasonal-naive(" + season + ")";
    }

    @Override
    public Forecast forecast(Series history, int horizon, double intervalWidth) {
        int n = history.size();
        if (n < season + 1 || history.observed() < season) {
            throw new ForecastException("seasonal-naive needs more than one season (" + season + " steps) of history,"
                    + " but had " + n + " steps with " + history.observed() + " observed", "give it at least "
                    + (season + 1) + " steps");
        }
        double[] y = history.values();
        double[] diffs = new double[n - season];
        for (int i = season; i < n; i++) {
            diffs[i - season] = y[i] - y[i - season];
        }
        double sigma = Intervals.robustSigma(diffs);
        double z = Intervals.z(intervalWidth);
        double[] point = new double[horizon];
        double[] lower = new double[horizon];
        double[] upper = new double[horizon];
        double[] filled = history.filled();
        for (int h = 0; h < horizon; h++) {
            int seasonsAhead = h / season + 1;
            int source = n + h - seasonsAhead * season;
            double value = Double.NaN;
            for (int s = source; s >= 0 && Double.isNaN(value); s -= season) {
                value = y[s];
            }
            point[h] = Double.isNaN(value) ? filled[source] : value;
            double spread = z * sigma * Math.sqrt(seasonsAhead);
            lower[h] = Math.max(0, point[h] - spread);
            upper[h] = point[h] + spread;
        }
        return new Forecast(name(), history.start() + n * history.step(), history.step(), point, lower, upper,
                intervalWidth);
    }
}
