package dev.prescale.forecast;

import dev.prescale.profile.RateTrace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Rolling-origin evaluation: for each origin, fit on everything before it and forecast the next {@code horizon}
 * steps; score against what happened. MASE is scaled by the in-sample error of seasonal-naive (below 1 beats it),
 * sMAPE is in percent, coverage is the share of actual values inside the interval.
 */
public final class Backtest {

    /** One model's scores over all origins; {@code error} is set instead when the model could not forecast. */
    public record Row(String model, double mase, double smape, double coverage, double fitMillis, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    private Backtest() {
    }

    /**
     * @param season  the season length MASE's naive scale uses (1 for none)
     * @param origins how many forecast origins, spaced one horizon apart, the last ending at the series' end
     */
    public static List<Row> run(Series series, List<Forecaster> models, int horizon, int origins, int season,
                                double intervalWidth) {
        List<Row> rows = new ArrayList<>();
        for (Forecaster model : models) {
            double maseSum = 0;
            double smapeSum = 0;
            long inside = 0;
            long scored = 0;
            double millis = 0;
            String error = null;
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
                }
                millis += (System.nanoTime() - start) / 1e6;
                double scale = naiveScale(history, season);
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
                maseSum += n == 0 ? 0 : absError / n / scale;
                smapeSum += n == 0 ? 0 : smape / n;
            }
            rows.add(error != null ? new Row(model.name(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, error)
                    : new Row(model.name(), maseSum / origins, smapeSum / origins,
                    scored == 0 ? Double.NaN : inside / (double) scored, millis / origins, null));
        }
        return rows;
    }

    /**
     * The model with the lowest MASE, if any could forecast; between equal MASEs (a model and its calibrated self),
     * the one whose coverage is nearer {@code intervalWidth}.
     */
    public static Optional<Row> best(List<Row> rows, double intervalWidth) {
        return rows.stream().filter(Row::ok).min(Comparator.comparingDouble(Row::mase)
                .thenComparingDouble(r -> Math.abs(r.coverage() - intervalWidth)));
    }

    /**
     * The standard models for a series: the Prophet model, and seasonal-naive and Holt-Winters (additive and
     * multiplicative, with and without damping) on each detected season; each also {@link Calibrated}.
     */
    public static List<Forecaster> standardModels(Series series) {
        List<Forecaster> models = new ArrayList<>(baseModels(series));
        for (Forecaster model : List.copyOf(models)) {
            models.add(new Calibrated(model));
        }
        return models;
    }

    private static List<Forecaster> baseModels(Series series) {
        List<Integer> seasons = SeasonDetector.detect(series);
        List<Forecaster> models = new ArrayList<>();
        models.add(new ProphetModel());
        for (int season : seasons.isEmpty() ? List.of(1) : seasons) {
            models.add(new SeasonalNaive(season));
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
            b.append(r.ok() ? String.format("%-42s %8.3f %8.2f %9.3f %10.1f%n", r.model(), r.mase(), r.smape(),
                    r.coverage(), r.fitMillis()) : String.format("%-42s %s%n", r.model(), "cannot: " + r.error()));
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
        if (n == 0 || sum == 0) {
            throw new ForecastException("the seasonal-naive scale of MASE is zero (a constant or too short history)",
                    "backtest on a series that varies");
        }
        return sum / n;
    }

    /**
     * Prints the backtest table for a trace: {@code Backtest FILE [HORIZON_STEPS [ORIGINS [MODEL]]]}. Detects the
     * seasons, runs the standard models (or those whose name contains MODEL) and names the best.
     */
    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: Backtest FILE.csv [HORIZON_STEPS [ORIGINS [MODEL]]]  (CSV of timestamp,value; "
                    + "MODEL e.g. prophet, holt-winters(mul, conformal)");
            System.exit(2);
        }
        Series series = Series.fromTrace(RateTrace.read(Path.of(args[0]), "file"));
        List<Integer> seasons = SeasonDetector.detect(series);
        int season = seasons.isEmpty() ? 1 : seasons.get(0);
        int horizon = args.length > 1 ? Integer.parseInt(args[1]) : Math.max(1, season);
        int origins = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<Forecaster> models = standardModels(series).stream()
                .filter(m -> args.length < 4 || m.name().contains(args[3])).toList();
        if (models.isEmpty()) {
            System.err.println("no model name contains '" + args[3] + "'; the models for this series are "
                    + standardModels(series).stream().map(Forecaster::name).toList());
            System.exit(2);
        }
        List<Row> rows = run(series, models, horizon, origins, season, 0.8);
        System.out.printf("%s: %d steps of %d s, seasons %s, horizon %d, %d origins%n", args[0], series.size(),
                series.step(), seasons, horizon, origins);
        System.out.print(table(rows, 0.8));
        best(rows, 0.8).ifPresent(r -> System.out.println("best: " + r.model()));
    }
}
