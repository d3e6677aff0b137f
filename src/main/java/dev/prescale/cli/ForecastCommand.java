package dev.prescale.cli;

import dev.prescale.capacity.PredictionRecords;
import dev.prescale.forecast.Backtest;
import dev.prescale.forecast.Forecast;
import dev.prescale.forecast.Forecaster;
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

    @Override
    public Integer call() {
        if (source == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give --trace FILE or --series NAME "
                    + "(or: prescale forecast backtest FILE)");
        }
        CliConfig cli = config.load();
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
            if (save) {
                String name = source.series != null ? source.series : source.trace.getFileName().toString();
                PredictionRecords.saveForecast(store, name, "cli-" + Instant.now().getEpochSecond(), f);
                store.flush(Duration.ofSeconds(30));
                System.out.println("saved " + f.horizon() + " forecast steps for series " + name);
            }
            return 0;
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
