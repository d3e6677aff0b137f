package dev.prescale.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prescale.forecast.Backtest;
import dev.prescale.forecast.Forecaster;
import dev.prescale.forecast.SeasonDetector;
import dev.prescale.forecast.Series;
import dev.prescale.profile.Durations;
import dev.prescale.profile.ProfileException;
import dev.prescale.profile.RateTrace;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = {"Backtest the standard models on a trace from rolling origins: MASE against the better of "
                + "daily and weekly seasonal-naive on the same origins (below 1 beats it), sMAPE, 80%% interval "
                + "coverage; models that leave the history's envelope or do worse than seasonal-naive are refused, "
                + "with the reason. Exit 2 for a bad option or file.",
                "Example: prescale forecast backtest ../shared/data/cpu/crane-cpu-0.csv --horizon 1d --origins 3"})
final class BacktestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "CSV of timestamp,value")
    Path file;

    @Option(names = "--horizon", defaultValue = "1d", description = "how far each origin forecasts (default "
            + "${DEFAULT-VALUE})")
    String horizon;

    @Option(names = "--origins", defaultValue = "3", description = "forecast origins, one horizon apart, the last "
            + "ending at the trace's end (default ${DEFAULT-VALUE})")
    int origins;

    @Option(names = "--json", description = "one JSON object instead of the table")
    boolean json;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file)) {
            throw usage(file + " is not a file; give a CSV of timestamp,value");
        }
        if (origins < 1 || origins > 100) {
            throw usage("--origins must be 1 to 100, but was " + origins);
        }
        long seconds;
        try {
            seconds = Durations.parse(horizon).toSeconds();
        } catch (ProfileException | IllegalArgumentException e) {
            throw usage("--horizon " + horizon + " is not a duration such as 1d, 6h or 90m");
        }
        Series series;
        try {
            series = Series.fromTrace(RateTrace.read(file, "file", true)).outagesMasked();
        } catch (ProfileException e) {
            throw usage(e.getMessage());
        }
        int steps = (int) (seconds / series.step());
        if (steps < 1 || (long) steps * origins >= series.size()) {
            throw usage("--horizon " + horizon + " x --origins " + origins + " leaves no history before the first "
                    + "origin in " + series.size() + " steps of " + series.step() + " s; shorten them");
        }
        List<Integer> seasons = SeasonDetector.detect(series);
        List<Forecaster> models = Backtest.standardModels(series);
        List<Backtest.Row> rows = Backtest.run(series, models, steps, origins, seasons.isEmpty() ? 1 : seasons.get(0),
                0.8);
        String selected = Backtest.best(rows, 0.8).map(Backtest.Row::model).orElse(null);
        if (json) {
            ObjectNode root = new ObjectMapper().createObjectNode().put("series", file.getFileName().toString());
            ArrayNode list = root.putArray("rows");
            for (Backtest.Row r : rows) {
                ObjectNode row = list.addObject().put("model", r.model());
                number(row, "mase", r.mase());
                number(row, "smape", r.smape());
                number(row, "coverage80", r.coverage());
                String refused = r.ok() ? r.refused() : "cannot forecast: " + r.error();
                if (refused == null) {
                    row.putNull("refused");
                } else {
                    row.put("refused", refused);
                }
            }
            root.put("selected", selected);
            System.out.println(root);
        } else {
            System.out.printf("%s: %d steps of %d s, seasons %s; %d origins of %d steps%n", file, series.size(),
                    series.step(), seasons, origins, steps);
            System.out.print(Backtest.table(rows, 0.8));
            System.out.println(selected == null ? "selected: none (every model refused or failed; see the table)"
                    : "selected: " + selected);
        }
        return 0;
    }

    private static void number(ObjectNode node, String name, double value) {
        if (Double.isFinite(value)) {
            node.put(name, Math.round(value * 10_000) / 10_000.0);
        } else {
            node.putNull(name);
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
