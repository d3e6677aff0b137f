package dev.prescale.bench;

import dev.prescale.forecast.Backtest;
import dev.prescale.forecast.Forecaster;
import dev.prescale.forecast.LearnedForecaster;
import dev.prescale.forecast.SeasonDetector;
import dev.prescale.forecast.Series;
import dev.prescale.profile.RateTrace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Benchmark, not a test: forecast accuracy and fit time on the shared real data. NASA July 1995: fit the first three
 * weeks, forecast the rest (MASE, sMAPE, 80% coverage per model); the Crane CPU series: three one-day origins; and the
 * time to fit and forecast 14 days of one-minute data (20,160 points), median of 5.
 */
public final class ForecastBench {

    public static void main(String[] args) {
        Path data = Path.of("../shared/data");
        if (!Files.isDirectory(data)) {
            System.out.println("forecast bench: ../shared/data is absent; nothing to measure");
            return;
        }
        Series nasa = Series.fromTrace(RateTrace.read(data.resolve("traces/nasa-kennedy-jul1995-per-minute.csv"),
                "file"));
        int rest = nasa.size() - 3 * 10_080;
        report("NASA July 1995, fit 3 weeks, forecast the last " + rest + " minutes", nasa, rest, 1);
        for (int i = 0; i < 4; i++) {
            Series cpu = Series.fromTrace(RateTrace.read(data.resolve("cpu/crane-cpu-" + i + ".csv"), "file"));
            report("crane-cpu-" + i + ", 3 origins of one day", cpu, 1440, 3);
        }
        Series twoWeeks = nasa.head(20_160);
        for (Forecaster model : withForest(twoWeeks)) {
            long[] micros = new long[5];
            try {
                for (int r = 0; r < micros.length; r++) {
                    long start = System.nanoTime();
                    model.forecast(twoWeeks, 1440, 0.8);
                    micros[r] = (System.nanoTime() - start) / 1000;
                }
                Arrays.sort(micros);
                System.out.printf("fit+forecast 20,160 points, %-42s %8.1f ms%n", model.name(), micros[2] / 1000.0);
            } catch (RuntimeException e) {
                System.out.printf("fit+forecast 20,160 points, %-42s cannot: %s%n", model.name(), e.getMessage());
            }
        }
    }

    private static void report(String title, Series series, int horizon, int origins) {
        List<Integer> seasons = SeasonDetector.detect(series);
        int season = seasons.isEmpty() ? 1 : seasons.get(0);
        List<Backtest.Row> rows = Backtest.run(series, withForest(series), horizon, origins, season, 0.8);
        System.out.printf("%n%s (seasons found: %s; MASE against the better of daily and weekly seasonal-naive on "
                + "the same origins, or seasonal-naive(%d))%n%s", title, seasons, season,
                Backtest.table(rows.stream().filter(Backtest.Row::ok).toList(), 0.8));
        Backtest.best(rows, 0.8).ifPresent(r -> System.out.println("best: " + r.model()));
    }

    /** The standard models and the learned forest, which is not among them yet (see README, Forecasting). */
    private static List<Forecaster> withForest(Series series) {
        List<Forecaster> models = new java.util.ArrayList<>(Backtest.standardModels(series));
        models.add(new LearnedForecaster());
        return models;
    }

    private ForecastBench() {
    }
}
