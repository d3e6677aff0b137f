package dev.prescale.cli;

import dev.prescale.forecast.Calibrated;
import dev.prescale.forecast.ProphetModel;
import dev.prescale.forecast.Series;
import dev.prescale.profile.RateTrace;
import dev.prescale.replay.PolicyReplay;
import dev.prescale.replay.ReplaySettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay a traffic trace through a capacity simulator under reactive target tracking, Prescale's "
                + "predictive policy (forecasts fitted only on the past) and the perfect-foresight oracle; print "
                + "violation-minutes and instance-hours of each.",
                "Example: prescale replay ../shared/data/traces/nasa-kennedy-jul1995-per-minute.csv"})
final class ReplayCommand implements Callable<Integer> {

    @Parameters(paramLabel = "TRACE", description = "CSV of timestamp,requests per minute")
    Path trace;

    @Option(names = "--history-days", defaultValue = "21", description = "days of history before the replayed "
            + "part (default ${DEFAULT-VALUE})")
    int historyDays;

    @Option(names = "--warm-up", defaultValue = "5", description = "minutes until a new instance serves "
            + "(default ${DEFAULT-VALUE})")
    int warmUp;

    @Option(names = "--html", paramLabel = "FILE", description = "also write the table as an HTML page")
    Path html;

    @Override
    public Integer call() {
        RateTrace rates = RateTrace.read(trace, "file");
        Series series = Series.fromTrace(rates);
        if (series.step() != 60) {
            throw new IllegalArgumentException(trace + " has a step of " + series.step() + " s; the replay needs "
                    + "one value per minute");
        }
        double[] perMinute = series.values();
        int from = historyDays * 1440;
        if (from <= 0 || from >= perMinute.length - 60) {
            throw new IllegalArgumentException("--history-days " + historyDays + " leaves nothing to replay in "
                    + perMinute.length / 1440.0 + " days; use fewer days");
        }
        ReplaySettings sized = ReplaySettings.sizedFor(perMinute);
        ReplaySettings settings = new ReplaySettings(sized.capacityPerInstance(), sized.targetUtilization(),
                sized.violationUtilization(), warmUp, sized.metricLagMinutes(), sized.minInstances(),
                sized.maxInstances());
        System.out.println("replaying " + (perMinute.length - from) + " minutes under reactive target tracking (3 targets), "
                + "the predictive policy (2 targets) and the oracle ...");
        PolicyReplay.Report report = PolicyReplay.run(trace.toString(), rates.start(), perMinute, from, settings,
                new Calibrated(new ProphetModel()));
        System.out.print(report.table());
        if (html != null) {
            System.out.println("wrote " + dev.prescale.report.RehearsalReport.writeReplay(report, html)
                    .toAbsolutePath());
        }
        return 0;
    }
}
