package dev.prescale.forecast;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Rolling-origin evaluation: for each origin, fit on everything before it and forecast the next {@code horizon}
 * steps; score against what happened. MASE is the model's mean absolute error over all origins divided by that of the
 * better of daily and weekly seasonal-naive forecasting the same horizons from the same origins (below 1 beats it;
 * for a series whose step does not divide a day, or too short for a daily one, seasonal-naive at the given season);
 * sMAPE is in percent, coverage is the share of actual values inside the interval.
 *
 * <p>A model that cannot be trusted is refused, never silently ranked: one whose forecast leaves the history's
 * plausible envelope at any origin (a point below zero by more than 5% of the history's peak when the history never
 * goes below zero, a point above 3 times the peak, an upper bound above 10 times it, or anything not finite), or one
 * whose MASE is above 1, worse than seasonal-naive on the same origins. {@link #best} picks among the rest.
 */
public final class Backtest {

    /**
     * One model's scores over all origins; {@code error} is set instead when the model could not forecast, and
     * {@code refused} says why a model that could forecast is not to be used.
     */
    public record Row(String model, double mase, double smape, double coverage, double fitMillis, String error,
                      String refused) {
        public boolean ok() {
            return error == null;
        }

        /** Forecast at every origin and not refused: fit to be selected. */
        public boolean usable() {
            return error == null && refused == null;
        }
    }

    private Backtest() {
    }

    /**
     * @param season  the season of the seasonal-naive reference when no daily one fits the series (1 for none)
     * @param origins how many forecast origins, spaced one horizon apart, the last ending at the series' end
     */
    public static List<Row> run(Series series, List<Forecaster> models, int horizon, int origins, int season,
                                double intervalWidth) {
        double reference = referenceError(series, horizon, origins, season, intervalWidth);
        List<Row> rows = new ArrayList<>();
        for (Forecaster model : models) {
            double errorSum = 0;
            double smapeSum = 0;
            long inside = 0;
            long scored = 0;
            double millis = 0;
            String error = null;
            String refused = null;
            for (int k = origins; k >= 1 && error == null; k--) {
                int origin = series.size() - k * horizon;
                if (origin <= 0) {
                    error = "series too short for " + origins + " origins of " + horizon + " steps";
                    break;
                }
                Series history = series.head(origin);
                Forecast f;
                long start = System.nanoTime();
                try {
                    f = model.forecast(history, horizon, intervalWidth);
                } catch (ForecastException e) {
                    error = e.getMessage();
                    break;
                } catch (RuntimeException e) { // a model that breaks on odd data is out, the others still rank
                    error = "failed: " + e;
                    break;
                }
                millis += (System.nanoTime() - start) / 1e6;
                if (refused == null) {
                    refused = outsideEnvelope(history, f);
                }
                double absError = 0;
                double smape = 0;
                int n = 0;
                for (int h = 0; h < horizon; h++) {
                    double actual = series.at(origin + h);
                    if (Double.isNaN(actual)) {
                        continue;
                    }
                    double predicted = f.point()[h];
                    absError += Math.abs(actual - predicted);
                    double denominator = Math.abs(actual) + Math.abs(predicted);
                    smape += denominator == 0 ? 0 : 200 * Math.abs(actual - predicted) / denominator;
                    if (actual >= f.lower()[h] && actual <= f.upper()[h]) {
                        inside++;
                    }
                    n++;
                }
                scored += n;
                errorSum += n == 0 ? 0 : absError / n;
                smapeSum += n == 0 ? 0 : smape / n;
            }
            if (error != null) {
                rows.add(new Row(model.name(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, error, null));
                continue;
            }
            double mase = errorSum / origins / reference;
            if (refused == null && mase > 1 + 1e-9) {
                refused = String.format(java.util.Locale.ROOT, "worse than seasonal-naive on these origins (MASE "
                        + "%.3f)", mase);
            }
            rows.add(new Row(model.name(), mase, smapeSum / origins, scored == 0 ? Double.NaN
                    : inside / (double) scored, millis / origins, null, refused));
        }
        return rows;
    }

    /**
     * Mean absolute error per origin of the better of daily and weekly seasonal-naive on the same origins; the
     * in-sample seasonal-naive error at {@code season} when neither can forecast them or both are exact (a constant
     * series, whose scale is then a thousandth of its level).
     */
    private static double referenceError(Series series, int horizon, int origins, int season, double width) {
        List<Integer> seasons = new ArrayList<>();
        if (86_400 % series.step() == 0 && 86_400 / series.step() >= 2) {
            int day = (int) (86_400 / series.step());
            seasons.add(day);
            seasons.add(7 * day);
        }
        double best = Double.POSITIVE_INFINITY;
        for (int s : seasons) {
            double sum = 0;
            boolean all = true;
            for (int k = origins; k >= 1 && all; k--) {
                int origin = series.size() - k * horizon;
                try {
                    Forecast f = new SeasonalNaive(s).forecast(series.head(Math.max(0, origin)), horizon, width);
                    double absError = 0;
                    int n = 0;
                    for (int h = 0; h < horizon; h++) {
                        double actual = series.at(origin + h);
                        if (!Double.isNaN(actual) && !Double.isNaN(f.point()[h])) {
                            absError += Math.abs(actual - f.point()[h]);
                            n++;
                        }
                    }
                    sum += n == 0 ? 0 : absError / n;
                } catch (ForecastException | IllegalArgumentException e) {
                    all = false;
                }
            }
            if (all && sum > 0) {
                best = Math.min(best, sum / origins);
            }
        }
        if (Double.isFinite(best)) {
            return best;
        }
        return naiveScale(series.head(Math.max(1, series.size() - origins * horizon)), Math.max(1, season));
    }

    /** Why a forecast leaves the history's plausible envelope, or null when it does not. */
    private static String outsideEnvelope(Series history, Forecast f) {
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (double v : history.values()) {
            if (!Double.isNaN(v)) {
                max = Math.max(max, v);
                min = Math.min(min, v);
            }
        }
        double peak = Math.max(Math.abs(max), Math.abs(min));
        for (int h = 0; h < f.horizon(); h++) {
            double p = f.point()[h];
            double u = f.upper()[h];
            if (!Double.isFinite(p) || !Double.isFinite(u) || !Double.isFinite(f.lower()[h])) {
                return "a forecast that is not finite";
            }
            if (min >= 0 && p < -0.05 * peak) {
                return String.format(java.util.Locale.ROOT, "a forecast of %.4g below zero for a history that "
                        + "never is", p);
            }
            if (p > 3 * peak || u > 10 * peak) {
                return String.format(java.util.Locale.ROOT, "a forecast of %.4g (upper %.4g) against a history "
                        + "peak of %.4g", p, u, peak);
            }
        }
        return null;
    }

    /**
     * The model with the lowest MASE among those that forecast every origin and were not refused; between equal MASEs
     * (a model and its calibrated self), the one whose coverage is nearer {@code intervalWidth}.
     */
    public static Optional<Row> best(List<Row> rows, double intervalWidth) {
        return rows.stream().filter(Row::usable).min(Comparator.comparingDouble(Row::mase)
                .thenComparingDouble(r -> Math.abs(r.coverage() - intervalWidth)));
    }

    /**
     * The standard models for a series: the Prophet model, seasonal-naive on each detected season and on the day and
     * the week, and Holt-Winters (additive and multiplicative, with and without damping) on each detected season;
     * for a step that divides a day, the learned forest and the median of Prophet, daily and weekly seasonal-naive,
     * damped multiplicative Holt-Winters on the day (when the day is a detected season) and the forest; each also
     * {@link Calibrated}. Each fit is made once however many candidates share it ({@code Memoized}).
     */
    public static List<Forecaster> standardModels(Series series) {
        // one memoized instance per model, shared by its calibrated self and the median: each fit happens once
        List<Forecaster> models = new ArrayList<>(baseModels(series).stream().map(Memoized::new).toList());
        if (86_400 % series.step() == 0 && 86_400 / series.step() >= 2) {
            int day = (int) (86_400 / series.step());
            Forecaster forest = new Memoized(new LearnedForecaster());
            models.add(forest);
            List<String> members = List.of(new ProphetModel().name(), new SeasonalNaive(day).name(),
                    new SeasonalNaive(7 * day).name(),
                    new HoltWinters(day, HoltWinters.Seasonality.MULTIPLICATIVE, true).name());
            List<Forecaster> median = new ArrayList<>();
            for (String name : members) {
                models.stream().filter(m -> m.name().equals(name)).findFirst().ifPresent(median::add);
            }
            median.add(forest);
            if (median.size() >= 3) {
                models.add(new Memoized(new Combined(median)));
            }
        }
        for (Forecaster model : List.copyOf(models)) {
            models.add(new Calibrated(model));
        }
        return models;
    }

    private static List<Forecaster> baseModels(Series series) {
        List<Integer> seasons = SeasonDetector.detect(series);
        List<Forecaster> models = new ArrayList<>();
        models.add(new ProphetModel());
        java.util.Set<Integer> naive = new java.util.LinkedHashSet<>(seasons.isEmpty() ? List.of(1) : seasons);
        if (86_400 % series.step() == 0 && 86_400 / series.step() >= 2) {
            // the reference MASE is measured against: always a candidate, so something always beats the refusals
            naive.add((int) (86_400 / series.step()));
            naive.add((int) (7 * 86_400 / series.step()));
        }
        for (int season : naive) {
            models.add(new SeasonalNaive(season));
        }
        for (int season : seasons.isEmpty() ? List.of(1) : seasons) {
            if (season >= 2) {
                for (boolean damped : new boolean[]{false, true}) {
                    models.add(new HoltWinters(season, HoltWinters.Seasonality.ADDITIVE, damped));
                    models.add(new HoltWinters(season, HoltWinters.Seasonality.MULTIPLICATIVE, damped));
                }
            }
        }
        return models;
    }

    /** Prints the table as text. */
    public static String table(List<Row> rows, double intervalWidth) {
        StringBuilder b = new StringBuilder(String.format("%-42s %8s %8s %9s %10s%n", "model", "MASE", "sMAPE%",
                String.format("cov%.0f%%", intervalWidth * 100), "fit ms"));
        for (Row r : rows) {
            b.append(r.ok() ? String.format("%-42s %8.3f %8.2f %9.3f %10.1f%s%n", r.model(), r.mase(), r.smape(),
                    r.coverage(), r.fitMillis(), r.refused() == null ? "" : "  REFUSED: " + r.refused())
                    : String.format("%-42s %s%n", r.model(), "cannot: " + r.error()));
        }
        return b.toString();
    }

    private static double naiveScale(Series history, int season) {
        double sum = 0;
        int n = 0;
        for (int i = season; i < history.size(); i++) {
            double a = history.at(i);
            double b = history.at(i - season);
            if (!Double.isNaN(a) && !Double.isNaN(b)) {
                sum += Math.abs(a - b);
                n++;
            }
        }
        if (n == 0) {
            throw new ForecastException("the history is too short for a seasonal-naive scale of MASE",
                    "backtest on a series longer than its season");
        }
        if (sum == 0) { // a constant series: scale errors by a thousandth of its level, so exact models score 0
            return Math.max(1e-9, 1e-3 * history.meanMagnitude());
        }
        return sum / n;
    }
}
