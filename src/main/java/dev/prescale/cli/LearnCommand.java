package dev.prescale.cli;

import dev.prescale.forecast.Calibrated;
import dev.prescale.forecast.ProphetModel;
import dev.prescale.issues.IncidentFiles;
import dev.prescale.issues.SimulatedIssue;
import dev.prescale.learn.FaultPlan;
import dev.prescale.learn.LearnSettings;
import dev.prescale.learn.LearnedPolicy;
import dev.prescale.learn.PolicyModel;
import dev.prescale.learn.Promotion;
import dev.prescale.learn.Trainer;
import dev.prescale.replay.PolicyReplay;
import dev.prescale.replay.ReplaySuite;
import dev.prescale.store.Stores;
import dev.prescale.store.TimeSeriesStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "learn", mixinStandardHelpOptions = true,
        description = {"Train the learned allocation policy (n-step Q-learning, linear values) in the capacity "
                + "simulator on the training window of every trace under DIR, with simulated crash and slowdown "
                + "faults; then replay each trace's scored week with it beside the hand-written policies, play a "
                + "fault week, and promote it only if it beats the hand-written default on both. Saves the "
                + "versioned model to --out (learn.model) and to the store when one is configured.",
                "Exit 0 when trained (promoted or not), 2 for a bad option or folder."})
final class LearnCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(names = "--suite", required = true, paramLabel = "DIR", description = "the traces (*.csv of "
            + "timestamp,value) to train on and judge by, by the replay suite's rule")
    Path suite;

    @Option(names = "--out", paramLabel = "FILE", description = "where to save the model (default: learn.model, "
            + LearnSettings.DEFAULT_MODEL + ")")
    Path out;

    @Option(names = "--issues", paramLabel = "STREAM", description = "the fault week's issues: a stream from "
            + "prescale issues simulate, laid over each scored week (default: --faults-per-day drawn at random)")
    Path issues;

    @Option(names = "--faults-per-day", defaultValue = "4", description = "crash and slowdown faults a day in the "
            + "fault week when no --issues is given (default ${DEFAULT-VALUE})")
    double faultsPerDay;

    @Option(names = "--target", arity = "1..*", paramLabel = "U", defaultValue = "0.5,0.6,0.7", split = ",",
            description = "reactive and predictive targets of the replay (default ${DEFAULT-VALUE})")
    List<Double> targets;

    @Override
    public Integer call() {
        if (!Files.isDirectory(suite)) {
            throw usage("--suite " + suite + " is not a folder of traces");
        }
        if (!(faultsPerDay >= 0 && faultsPerDay <= 100)) {
            throw usage("--faults-per-day must be 0 to 100, but was " + faultsPerDay);
        }
        Map<String, String> properties = config.load().asProperties();
        LearnSettings settings;
        try {
            settings = LearnSettings.from(properties);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Path file = out != null ? out : LearnSettings.modelFile(properties);
        List<SimulatedIssue> stream = issues == null ? null : IncidentFiles.readStream(issues, 10);
        List<ReplaySuite.World> worlds = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (Path trace : ReplaySuite.traces(suite)) {
            try {
                worlds.add(ReplaySuite.world(trace, 5, 1.0));
                files.add(trace);
            } catch (RuntimeException e) { // one unreadable trace does not stop the suite
                spec.commandLine().getErr().println("skipped " + trace + ": " + e.getMessage());
            }
        }
        if (worlds.isEmpty()) {
            throw usage("--suite " + suite + " holds no readable *.csv trace");
        }
        Trainer.Training training = Trainer.train(worlds.stream().map(Trainer::window).toList(), settings,
                Instant.now().truncatedTo(ChronoUnit.SECONDS), line -> System.out.println("  " + line));
        System.out.printf(Locale.ROOT, "trained %s on %s in %.1f s%n%n", training.model().version(),
                training.model().trainedOn(), training.seconds());
        PolicyModel model = training.model();
        List<Promotion.TraceCosts> costs = new ArrayList<>();
        List<Promotion.FaultOutcome> faultWeek = new ArrayList<>();
        List<LearnedPolicy> deployed = new ArrayList<>();
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-34s %-22s %8s %8s %8s  %s%n", "trace",
                "hand-written default", "learned", "default", "best reactive", "fault week absorbed "
                        + "(learned / default / reactive @60%)"));
        for (int i = 0; i < worlds.size(); i++) {
            ReplaySuite.World w = worlds.get(i);
            ReplaySuite.TraceResult r = ReplaySuite.run(files.get(i), targets, 5, 1.0,
                    () -> new Calibrated(new ProphetModel()), epoch -> {
                        LearnedPolicy p = LearnedPolicy.deployed(training.model(), true, epoch);
                        deployed.add(p);
                        return p;
                    });
            Promotion.TraceCosts c = Promotion.costs(r, settings);
            costs.add(c);
            FaultPlan faults = stream != null ? FaultPlan.of(stream, stream.isEmpty() ? Instant.EPOCH
                    : stream.get(0).start().truncatedTo(ChronoUnit.DAYS)).shifted(w.from())
                    : FaultPlan.random(w.from(), w.trace().minutes(), faultsPerDay, settings.seed() + i);
            List<Promotion.FaultOutcome> outcomes = Promotion.faultWeek(w, r.chosen(), model, 0.6, faults,
                    () -> new Calibrated(new ProphetModel()));
            faultWeek.addAll(outcomes);
            double bestReactive = c.costs().entrySet().stream().filter(e -> e.getKey().startsWith("reactive"))
                    .mapToDouble(e -> e.getValue().combined()).min().orElse(Double.NaN);
            table.append(String.format(Locale.ROOT, "%-34s %-22s %8.1f %8.1f %8.1f  %s%n", w.name(),
                    c.defaultLabel(), c.learned().combined(), c.handWritten().combined(), bestReactive,
                    String.join(" / ", outcomes.stream().map(o -> o.absorbed() + "/" + o.episodes()).toList())));
            System.out.print(r.report().table());
        }
        Promotion.Verdict verdict = Promotion.decide(costs, faultWeek);
        double meanMicros = deployed.stream().mapToDouble(LearnedPolicy::meanDecisionMicros).average().orElse(0);
        double worstMicros = deployed.stream().mapToDouble(LearnedPolicy::meanDecisionMicros).max().orElse(0);
        long guarded = deployed.stream().mapToLong(LearnedPolicy::guarded).sum();
        model = model.withVerdict(verdict.promoted(), verdict.reason());
        System.out.printf(Locale.ROOT, "%ncombined cost = instance-hours + %.1f per violation-minute%n%s%s%n"
                        + "decision latency: mean %.0f us (slowest trace's mean %.0f us), forecast refits included; "
                        + "%d learned action(s) held or staged by the guard%n", settings.violationCost(), table,
                verdict.reason(), meanMicros, worstMicros, guarded);
        System.out.println("saved " + model.save(file).toAbsolutePath());
        try (TimeSeriesStore store = Stores.open(properties, System.getenv())) {
            if (store != null) {
                model.save(store);
                if (!store.flush(Duration.ofMinutes(1))) {
                    throw new IllegalStateException("the model is still buffered after a minute: " + store.stats());
                }
                System.out.println("stored " + model.version() + " in " + PolicyModel.MEASUREMENT);
            }
        }
        return 0;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
