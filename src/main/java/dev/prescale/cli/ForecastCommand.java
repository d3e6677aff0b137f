package dev.prescale.cli;

import dev.prescale.capacity.PredictionRecords;
import dev.prescale.config.Config;
import dev.prescale.forecast.Backtest;
import dev.prescale.forecast.ConformalQuantiles;
import dev.prescale.forecast.Forecast;
import dev.prescale.forecast.ForecastException;
import dev.prescale.forecast.Forecaster;
import dev.prescale.forecast.QuantileForecast;
import dev.prescale.forecast.SeasonDetector;
import dev.prescale.forecast.Series;
import dev.prescale.profile.RateTrace;
import dev.prescale.store.ProfileStore;
import dev.prescale.store.Stores;
import dev.prescale.store.TimeSeriesStore;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "forecast", mixinStandardHelpOptions = true, subcommands = BacktestCommand.class,
        description = {"Backtest the standard models on a history (a trace file or a series in the store), pick the "
                + "best, and forecast ahead with its interval.",
                "Example: prescale forecast --trace ../shared/data/traces/nasa-kennedy-jul1995-per-minute.csv "
                        + "--horizon 1d"})
final class ForecastCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    static final class Source {
        @Option(names = "--trace", paramLabel = "FILE", description = "CSV of timestamp,value")
        Path trace;

        @Option(names = "--series", paramLabel = "NAME", description = "a traffic_history series in the store")
        String series;
    }

    @ArgGroup(multiplicity = "0..1")
    Source source;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--horizon", defaultValue = "1d", description = "how far ahead (default ${DEFAULT-VALUE})")
    String horizon;

    @Option(names = "--origins", defaultValue = "3", description = "backtest origins (default ${DEFAULT-VALUE})")
    int origins;

    @Option(names = "--save", description = "write the forecast to the store (measurement forecast)")
    boolean save;

    @Option(names = "--window", defaultValue = "15m", description = "print the quantiles of the busiest step in the "
            + "busiest windows of this length ahead (default ${DEFAULT-VALUE}; 0 for none)")
    String window;

    @Override
    public Integer call() {
        if (source == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give --trace FILE or --series NAME "
                    + "(or: prescale forecast backtest FILE)");
        }
        long windowSeconds;
        try {
            windowSeconds = window.equals("0") ? 0 : dev.prescale.profile.Durations.parse(window).toSeconds();
        } catch (RuntimeException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--window " + window + " is not a "
                    + "duration such as 15m or 1h (0 for none)");
        }
        Config cli = config.load();
        try (TimeSeriesStore store = source.series != null || save
                ? Stores.open(cli.asProperties(), System.getenv()) : null) {
            RateTrace trace = source.trace != null ? RateTrace.read(source.trace, "file")
                    : new ProfileStore(store, Path.of(".")).history(source.series);
            Series recorded = Series.fromTrace(trace);
            Series history = recorded.outagesMasked();
            long outage = recorded.observed() - history.observed();
            if (outage > 0) {
                System.out.printf("%d steps of zero in runs of %d minutes or more are read as outages, not demand%n",
                        outage, Series.OUTAGE_MINUTES);
            }
            int steps = (int) Math.max(1, dev.prescale.profile.Durations.parse(horizon).toSeconds() / history.step());
            List<Integer> seasons = SeasonDetector.detect(history);
            List<Forecaster> models = Backtest.standardModels(history);
            System.out.printf("%s: %d steps of %d s, seasons %s; backtesting %d models over %d origins of %d steps%n",
                    source.trace != null ? source.trace : source.series, history.size(), history.step(), seasons,
                    models.size(), origins, steps);
            List<Backtest.Row> rows = Backtest.run(history, models, steps, origins,
                    seasons.isEmpty() ? 1 : seasons.get(0), 0.8);
            System.out.print(Backtest.table(rows, 0.8));
            Backtest.Row best = Backtest.best(rows, 0.8).orElseThrow(() -> new IllegalStateException(
                    "no model could forecast this history; see the table"));
            Forecaster model = models.stream().filter(m -> m.name().equals(best.model())).findFirst().orElseThrow();
            Forecast f = model.forecast(history, steps, 0.8);
            int peak = 0;
            for (int h = 1; h < f.horizon(); h++) {
                peak = f.upper()[h] > f.upper()[peak] ? h : peak;
            }
            System.out.printf(Locale.ROOT, "best: %s; next %s: total %.0f (80%% interval %.0f to %.0f); busiest step "
                            + "%s: %.1f (up to %.1f)%n", best.model(), horizon, sum(f.point()), sum(f.lower()),
                    sum(f.upper()), Instant.ofEpochSecond(f.start() + peak * f.step()), f.point()[peak],
                    f.upper()[peak]);
            if (windowSeconds > 0) {
                printBusiest(model, history, steps, (int) Math.max(1, windowSeconds / history.step()));
            }
            if (save) {
                String name = source.series != null ? source.series : source.trace.getFileName().toString();
                PredictionRecords.saveForecast(store, name, "cli-" + Instant.now().getEpochSecond(), f);
                store.flush(Duration.ofSeconds(30));
                System.out.println("saved " + f.horizon() + " forecast steps for series " + name);
            }
            return 0;
        }
    }

    /** The five windows whose busiest step is highest at the median, with that step's calibrated quantiles. */
    private void printBusiest(Forecaster model, Series history, int steps, int windowSteps) {
        QuantileForecast q;
        try {
            q = new ConformalQuantiles(model, 1).quantiles(history, steps, windowSteps);
        } catch (ForecastException e) {
            System.out.println("no quantiles of the busiest windows: " + e.getMessage());
            return;
        }
        List<Integer> windows = new java.util.ArrayList<>();
        for (int w = 0; w < q.windows(); w++) {
            windows.add(w);
        }
        windows.sort(java.util.Comparator.comparingDouble((Integer w) -> -q.busiest(0.5, w)));
        System.out.printf(Locale.ROOT, "busiest step of the busiest %s windows ahead (calibrated quantiles: %s)%n"
                + "%-22s %10s %10s %10s %10s%n", window, q.model(), "window from", "50%", "80%", "90%", "95%");
        for (int w : windows.subList(0, Math.min(5, windows.size()))) {
            System.out.printf(Locale.ROOT, "%-22s %10.1f %10.1f %10.1f %10.1f%n",
                    Instant.ofEpochSecond(q.start() + (long) w * windowSteps * q.stepSeconds()), q.busiest(0.5, w),
                    q.busiest(0.8, w), q.busiest(0.9, w), q.busiest(0.95, w));
        }
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }
}
