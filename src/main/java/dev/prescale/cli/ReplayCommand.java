package dev.prescale.cli;

import dev.prescale.forecast.Calibrated;
import dev.prescale.forecast.ProphetModel;
import dev.prescale.profile.RateTrace;
import dev.prescale.replay.MarkedTrace;
import dev.prescale.replay.PolicyReplay;
import dev.prescale.replay.ReplaySettings;
import dev.prescale.replay.ReplaySuite;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay a per-minute traffic trace through a capacity simulator under reactive target tracking "
                + "and Prescale's predictive policy (forecasts fitted only on the past) at each target, and the two "
                + "oracles; print violation-minutes and instance-hours of each. The first --train-days are history "
                + "only; the rest is scored. Gaps and outages are marked and not scored.",
                "Example: prescale replay ../shared/data/traces/nasa-kennedy-jul1995-per-minute.csv --per-instance 25",
                "Exit 0 after a replay, 2 for a bad option or file."})
final class ReplayCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "TRACE", arity = "0..1", description = "CSV of timestamp,requests per minute")
    Path trace;

    @Option(names = "--suite", paramLabel = "DIR", description = "replay every *.csv under DIR by one rule (the last "
            + "week scored, the rest training, --per-instance derived) and print one row per trace and an aggregate")
    Path suite;

    @Option(names = "--per-instance", paramLabel = "RATE", description = "requests per minute one instance serves at "
            + "100%%; without it, " + ReplaySettings.DERIVED_RULE + " (printed)")
    Double perInstance;

    @Option(names = "--target", arity = "1..*", paramLabel = "U", defaultValue = "0.5,0.6,0.7", split = ",",
            description = "utilization targets, e.g. --target 0.5 0.6 0.7 (default ${DEFAULT-VALUE})")
    List<Double> targets;

    @Option(names = {"--train-days", "--history-days"}, defaultValue = "21", description = "days of history before "
            + "the scored part (default ${DEFAULT-VALUE})")
    int trainDays;

    @Option(names = {"--warmup", "--warm-up"}, defaultValue = "5", description = "minutes until a new instance serves "
            + "(default ${DEFAULT-VALUE})")
    int warmUp;

    @Option(names = "--violation-level", defaultValue = "1.0", description = "a minute violates when its demand "
            + "exceeds what serving instances carry at this utilization (default ${DEFAULT-VALUE})")
    double violationLevel;

    @Option(names = "--json", description = "print one JSON object instead of the table (README, Policy replay)")
    boolean json;

    @Option(names = "--html", paramLabel = "FILE", description = "also write the report as an HTML page: the "
            + "cost/violation plane, each policy's timeline by day, the tables (with --suite: an index linking a page "
            + "per trace beside it)")
    Path html;

    @Option(names = "--policy", paramLabel = "KIND", description = "learned: add the learned policy's row (the "
            + "model from --model), learning online from what it sees")
    String policy;

    @Option(names = "--model", paramLabel = "FILE", description = "the learned policy (default "
            + dev.prescale.learn.LearnSettings.DEFAULT_MODEL + ", from prescale learn)")
    Path model;

    /** The learned policy's supplier when --policy learned, else null. */
    private java.util.function.Function<java.time.Instant, dev.prescale.replay.ReplayPolicy> learned() {
        if (policy == null) {
            return null;
        }
        if (!policy.equals("learned")) {
            throw usage("--policy " + policy + " is not known; the hand-written policies always run, --policy "
                    + "learned adds the learned one");
        }
        dev.prescale.learn.PolicyModel m;
        try {
            m = dev.prescale.learn.PolicyModel.load(model != null ? model
                    : Path.of(dev.prescale.learn.LearnSettings.DEFAULT_MODEL));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        return epoch -> dev.prescale.learn.LearnedPolicy.deployed(m, true, epoch);
    }

    @Override
    public Integer call() {
        java.util.function.Function<java.time.Instant, dev.prescale.replay.ReplayPolicy> learned = learned();
        if (suite != null) {
            return runSuite(learned);
        }
        if (trace == null) {
            throw usage("give a TRACE file, or --suite DIR");
        }
        if (!Files.isRegularFile(trace)) {
            throw usage("trace " + trace + " is not a file; give a CSV of timestamp,requests per minute");
        }
        if (perInstance != null && !(perInstance > 0 && Double.isFinite(perInstance))) {
            throw usage("--per-instance must be a positive number of requests per minute, but was " + perInstance);
        }
        if (!(violationLevel > 0 && violationLevel <= 1)) {
            throw usage("--violation-level must be in (0, 1], but was " + violationLevel);
        }
        for (double t : targets) {
            if (!(t > 0 && t < violationLevel)) {
                throw usage("each --target must be between 0 and the violation level " + violationLevel + ", but one "
                        + "was " + t);
            }
        }
        if (warmUp < 0 || warmUp > 120) {
            throw usage("--warmup must be 0 to 120 minutes, but was " + warmUp);
        }
        RateTrace rates = RateTrace.read(trace, "file", true);
        if (rates.stepSeconds() != 60) {
            throw usage(trace + " has a step of " + rates.stepSeconds() + " s; the replay needs one row per minute");
        }
        MarkedTrace marked = MarkedTrace.mark(rates.countsWithGaps());
        int from = trainDays * 1440;
        if (trainDays < 1 || from >= marked.minutes() - 60) {
            throw usage("--train-days " + trainDays + " leaves no training window or nothing to score in "
                    + String.format(java.util.Locale.ROOT, "%.1f", marked.minutes() / 1440.0) + " days; give at least "
                    + "1 and fewer than the trace's days");
        }
        double rate = perInstance != null ? perInstance
                : ReplaySettings.derivedPerInstance(marked.requestsPerMinute(), from);
        ReplaySettings settings = ReplaySettings.of(rate, violationLevel, warmUp);
        if (!json) {
            if (perInstance == null) {
                System.out.printf(java.util.Locale.ROOT, "--per-instance not given: %s, %.1f requests/min%n",
                        ReplaySettings.DERIVED_RULE, rate);
            }
            System.out.println(trace + ": " + marked.describe());
            System.out.println("replaying " + (marked.minutes() - from) + " minutes ...");
        }
        PolicyReplay.Setting chosen = PolicyReplay.select(trace.toString(), rates.start(), marked, from, settings,
                targets, new Calibrated(new ProphetModel()));
        if (!json) {
            System.out.println("chosen on the training window alone: " + chosen.label());
        }
        PolicyReplay.Report report = PolicyReplay.run(trace.toString(), rates.start(), marked, from, settings,
                targets, new Calibrated(new ProphetModel()), chosen, learned);
        System.out.print(json ? report.json() + "\n" : report.table());
        if (html != null) {
            System.err.println("wrote " + dev.prescale.report.ReplayReport.write(report, html).toAbsolutePath());
        }
        return 0;
    }

    private int runSuite(java.util.function.Function<java.time.Instant, dev.prescale.replay.ReplayPolicy> learned) {
        if (!Files.isDirectory(suite)) {
            throw usage("--suite " + suite + " is not a folder of traces");
        }
        List<Path> files = ReplaySuite.traces(suite);
        if (files.isEmpty()) {
            throw usage("--suite " + suite + " holds no *.csv trace");
        }
        List<ReplaySuite.TraceResult> results = new java.util.ArrayList<>();
        StringBuilder json = new StringBuilder("[");
        for (Path file : files) {
            try {
                ReplaySuite.TraceResult result = ReplaySuite.run(file, targets, warmUp, violationLevel,
                        () -> new Calibrated(new ProphetModel()), learned);
                results.add(result);
                json.append(json.length() > 1 ? "," : "").append(result.report().json());
                if (!this.json) {
                    System.out.print(result.report().table());
                }
            } catch (RuntimeException e) { // one unreadable trace does not stop the suite
                spec.commandLine().getErr().println("skipped " + file + ": " + e.getMessage());
                spec.commandLine().getErr().flush();
            }
        }
        System.out.print(this.json ? json.append("]\n") : ReplaySuite.table(results, targets));
        if (html != null) {
            System.err.println("wrote " + dev.prescale.report.ReplayReport.suite(results.stream()
                    .map(ReplaySuite.TraceResult::report).toList(), html).toAbsolutePath() + " and a page per trace");
        }
        return 0;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
