package dev.prescale.bench;

import dev.prescale.forecast.Backtest;
import dev.prescale.forecast.ConformalQuantiles;
import dev.prescale.forecast.Forecaster;
import dev.prescale.forecast.LearnedForecaster;
import dev.prescale.forecast.ProphetModel;
import dev.prescale.forecast.QuantileForecast;
import dev.prescale.forecast.Series;
import dev.prescale.profile.RateTrace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Benchmark, not a test: forecast accuracy on the dev series (NASA July 1995, Crane CPU 0-7 and 12-15, NAB's
 * realTweets, elb_request_count and nyc_taxi), out of sample. For each series a model is <em>selected</em> by the
 * backtest on three one-day origins ending three days before the series' end (what the controller would have known),
 * and <em>reported</em> on the last three days: its MASE against the better of daily and weekly seasonal-naive on those
 * origins, its 80% interval coverage, and, from conformal quantiles of the same model, how often each 15-minute
 * window's busiest step stayed under its 80/90/95% quantiles. The model best in hindsight on the last three days is
 * printed beside it, labelled in-sample. Then the time to fit and forecast 14 days of one-minute data (20,160
 * points), median of 5. Pass series names (e.g. {@code crane-cpu-3}) to run only those.
 */
public final class ForecastBench {

    static final int ORIGINS = 3;
    static final int WINDOW_SECONDS = 900;

    public static void main(String[] args) {
        Path data = Path.of("../shared/data");
        if (!Files.isDirectory(data)) {
            System.out.println("forecast bench: ../shared/data is absent; nothing to measure");
            return;
        }
        Map<String, Path> dev = devSeries(data);
        List<String> only = Arrays.asList(args);
        List<String> summary = new ArrayList<>();
        for (Map.Entry<String, Path> e : dev.entrySet()) {
            if (!only.isEmpty() && !only.contains(e.getKey())) {
                continue;
            }
            Series series = Series.fromTrace(RateTrace.read(e.getValue(), "file")).outagesMasked();
            summary.add(report(e.getKey(), series));
        }
        System.out.printf("%nSelected on the three days before the last three, reported on the last three (out of "
                + "sample); hindsight best labelled in-sample%n%-22s %-44s %6s %6s %5s %5s %5s  %s%n", "series",
                "selected", "MASE", "cov80", "b80", "b90", "b95", "hindsight best (in-sample)");
        summary.forEach(System.out::println);
        if (only.isEmpty()) {
            speed(Series.fromTrace(RateTrace.read(dev.get("nasa-jul1995"), "file")).head(20_160));
        }
    }

    static Map<String, Path> devSeries(Path data) {
        Map<String, Path> dev = new LinkedHashMap<>();
        dev.put("nasa-jul1995", data.resolve("traces/nasa-kennedy-jul1995-per-minute.csv"));
        for (int i : new int[]{0, 1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15}) {
            dev.put("crane-cpu-" + i, data.resolve("cpu/crane-cpu-" + i + ".csv"));
        }
        for (String t : new String[]{"AAPL", "CRM", "CVS", "FB", "IBM", "KO", "PFE", "UPS"}) {
            dev.put("tweets-" + t, data.resolve("nab/realTweets/Twitter_volume_" + t + ".csv"));
        }
        dev.put("elb-request-count", data.resolve("nab/realAWSCloudwatch/elb_request_count_8c0756.csv"));
        dev.put("nyc-taxi", data.resolve("nab/realKnownCause/nyc_taxi.csv"));
        return dev;
    }

    /** The candidates: the controller's standard models (the forest and the median among them). */
    static List<Forecaster> candidates(Series series) {
        return Backtest.standardModels(series);
    }

    /** The median combination exactly as the standard models build it for {@code series}. */
    static Forecaster median(Series series) {
        return Backtest.standardModels(series).stream().filter(m -> m.name().startsWith("median("))
                .findFirst().orElseThrow(() -> new IllegalStateException("no median among the standard models"));
    }

    private static String report(String name, Series series) {
        int horizon = (int) (86_400 / series.step());
        Series past = series.head(series.size() - ORIGINS * horizon);
        List<Forecaster> models = candidates(series);
        List<Backtest.Row> selection = Backtest.run(past, models, horizon, ORIGINS, horizon, 0.8);
        List<Backtest.Row> outcome = Backtest.run(series, models, horizon, ORIGINS, horizon, 0.8);
        System.out.printf("%n%s, %d steps of %d s: selection on the three days before the last three%n%s", name,
                series.size(), series.step(), Backtest.table(selection, 0.8));
        System.out.printf("the last three days%n%s", Backtest.table(outcome, 0.8));
        Optional<Backtest.Row> chosen = Backtest.best(selection, 0.8);
        Optional<Backtest.Row> hindsight = Backtest.best(outcome, 0.8);
        String hind = hindsight.map(r -> String.format(Locale.ROOT, "%s %.3f", abbreviate(r.model()), r.mase())).orElse("-");
        if (chosen.isEmpty()) {
            return String.format(Locale.ROOT, "%-22s %-44s %6s %6s %5s %5s %5s  %s", name, "(nothing usable)", "-",
                    "-", "-", "-", "-", hind);
        }
        int index = selection.indexOf(chosen.get());
        Backtest.Row out = outcome.get(index);
        double[] busiest = busiestCoverage(series, models.get(index), horizon);
        return String.format(Locale.ROOT, "%-22s %-44s %6.3f %5.1f%% %4.0f%% %4.0f%% %4.0f%%  %s", name,
                abbreviate(chosen.get().model()), out.mase(), 100 * out.coverage(), 100 * busiest[0],
                100 * busiest[1], 100 * busiest[2], hind);
    }

    /** How often each window's busiest actual stayed under its 80, 90 and 95% quantiles over the last three days. */
    private static double[] busiestCoverage(Series series, Forecaster model, int horizon) {
        int window = (int) Math.max(1, WINDOW_SECONDS / series.step());
        ConformalQuantiles quantiles = new ConformalQuantiles(model, 1);
        double[] levels = {0.8, 0.9, 0.95};
        int[] under = new int[levels.length];
        int windows = 0;
        for (int k = ORIGINS; k >= 1; k--) {
            int origin = series.size() - k * horizon;
            QuantileForecast q;
            try {
                q = quantiles.quantiles(series.head(origin), horizon, window);
            } catch (RuntimeException e) {
                return new double[]{Double.NaN, Double.NaN, Double.NaN};
            }
            for (int w = 0; w < q.windows(); w++) {
                double busiest = Double.NEGATIVE_INFINITY;
                for (int h = w * window; h < Math.min(horizon, (w + 1) * window); h++) {
                    double y = series.at(origin + h);
                    if (!Double.isNaN(y)) {
                        busiest = Math.max(busiest, y);
                    }
                }
                if (busiest == Double.NEGATIVE_INFINITY) {
                    continue;
                }
                windows++;
                for (int l = 0; l < levels.length; l++) {
                    under[l] += busiest <= q.busiest(levels[l], w) ? 1 : 0;
                }
            }
        }
        double[] share = new double[levels.length];
        for (int l = 0; l < levels.length; l++) {
            share[l] = windows == 0 ? Double.NaN : under[l] / (double) windows;
        }
        return share;
    }

    private static void speed(Series twoWeeks) {
        for (Forecaster model : List.of(new LearnedForecaster(), new ProphetModel(), median(twoWeeks))) {
            long[] micros = new long[5];
            try {
                for (int r = 0; r < micros.length; r++) {
                    long start = System.nanoTime();
                    model.forecast(twoWeeks, 1440, 0.8);
                    micros[r] = (System.nanoTime() - start) / 1000;
                }
                Arrays.sort(micros);
                System.out.printf("fit+forecast 20,160 points, %-42s %8.1f ms%n", abbreviate(model.name()),
                        micros[2] / 1000.0);
            } catch (RuntimeException e) {
                System.out.printf("fit+forecast 20,160 points, %-42s cannot: %s%n", model.name(), e.getMessage());
            }
        }
    }

    private static String abbreviate(String model) {
        return model.startsWith("median(") ? "median of 5" : model;
    }

    private ForecastBench() {
    }
}
