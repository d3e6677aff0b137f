package dev.prescale.cli;

import dev.prescale.anomaly.AnomalyEvent;
import dev.prescale.chaos.ChaosProfiles;
import dev.prescale.config.Config;
import dev.prescale.issues.Incident;
import dev.prescale.issues.IncidentFiles;
import dev.prescale.issues.IssueModel;
import dev.prescale.issues.SimulatedIssue;
import dev.prescale.resilience.ResilienceKeys;
import dev.prescale.resilience.ResiliencePlan;
import dev.prescale.simulation.GatlingLauncher;
import dev.prescale.store.Point;
import dev.prescale.store.Stores;
import dev.prescale.store.TimeSeriesStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

@Command(name = "issues", mixinStandardHelpOptions = true,
        description = "The issue simulator: import incident history, check how well it is modelled, simulate issue "
                + "streams beyond it, and rehearse them on the shadow environment under the scaling loop.",
        subcommands = {IssuesCommand.Import.class, IssuesCommand.Check.class, IssuesCommand.Simulate.class,
                IssuesCommand.Rehearse.class})
final class IssuesCommand implements Runnable {

    /** Incidents live in the store as this measurement (see profile-db/SCHEMA.md). */
    static final String INCIDENT = "incident";

    @Override
    public void run() {
        System.out.println("use a subcommand: import, check, simulate, rehearse (--help for each)");
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Store incidents from a CSV (start,end,component,type,magnitude) or JSON file; the whole "
                    + "file is checked before anything is written.")
    static final class Import implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() {
            List<Incident> incidents = IncidentFiles.read(file);
            try (TimeSeriesStore store = open(config.load())) {
                for (Incident i : incidents) {
                    store.write(Point.of(INCIDENT, i.start()).tag("component", i.component()).tag("type", i.type())
                            .field("end", i.start().plus(i.duration()).toString()).field("magnitude", i.magnitude())
                            .build());
                }
                if (!store.flush(Duration.ofMinutes(2))) {
                    throw new IllegalStateException("incidents still buffered after 2 minutes: " + store.stats());
                }
            }
            System.out.printf("imported %d incidents from %s%n", incidents.size(), file);
            return 0;
        }
    }

    /** Where history comes from: a file, or the store's incidents and ended anomaly events. */
    static final class Source {
        @Option(names = "--history", paramLabel = "FILE", description = "incidents as CSV or JSON (default: the "
                + "store's imported incidents and the loop's ended anomaly events)")
        Path file;

        @Option(names = "--days", paramLabel = "N", description = "only the last N days of history (default: all)")
        Integer days;

        List<Incident> load(Config cli) {
            List<Incident> all;
            if (file != null) {
                all = IncidentFiles.read(file);
            } else {
                try (TimeSeriesStore store = open(cli)) {
                    all = new ArrayList<>();
                    Instant to = Instant.now().plus(Duration.ofDays(1));
                    for (Point p : store.read(INCIDENT, Map.of(), Instant.EPOCH, to)) {
                        Instant end = Instant.parse(p.text("end"));
                        all.add(new Incident(p.time(), Duration.between(p.time(), end), p.tags().get("component"),
                                p.tags().get("type"), p.number("magnitude")));
                    }
                    all.addAll(Incident.fromAnomalies(store.read("anomaly", Map.of(), Instant.EPOCH, to).stream()
                            .map(AnomalyEvent::fromPoint).toList()));
                }
            }
            if (all.isEmpty()) {
                throw new IllegalArgumentException("no incident history" + (file == null ? " in the store: import "
                        + "some with `prescale issues import FILE`, or give --history FILE" : " in " + file));
            }
            if (days == null) {
                return all;
            }
            Instant last = all.stream().map(Incident::start).max(Comparator.naturalOrder()).orElseThrow();
            Instant from = last.minus(Duration.ofDays(days));
            return all.stream().filter(i -> !i.start().isBefore(from)).toList();
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Fit the issue model on all but the last --hold-out days and check it against them: "
                    + "observed and expected issue counts per type, component and time of day, Pearson's "
                    + "chi-square and its p-value (small p: history changed, or the model misses something).")
    static final class Check implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Mixin
        Source source;

        @Option(names = "--hold-out", paramLabel = "DAYS", defaultValue = "14")
        int holdOut;

        @Override
        public Integer call() {
            List<Incident> history = source.load(config.load());
            Instant first = history.stream().map(Incident::start).min(Comparator.naturalOrder()).orElseThrow();
            Instant end = history.stream().map(Incident::start).max(Comparator.naturalOrder()).orElseThrow()
                    .plusSeconds(1);
            Instant split = end.minus(Duration.ofDays(holdOut));
            if (!split.isAfter(first)) {
                throw new IllegalArgumentException("the history spans less than the " + holdOut + " held-out days; "
                        + "give a shorter --hold-out");
            }
            IssueModel model = IssueModel.fit(history, first, split, 4);
            IssueModel.FitCheck check = model.check(history, split, end);
            System.out.printf("%-40s %9s %9s%n", "cell", "observed", "expected");
            check.cells().forEach((cell, c) -> System.out.printf(Locale.ROOT, "%-40s %9.0f %9.1f%n", cell, c[0],
                    c[1]));
            System.out.printf(Locale.ROOT, "chi-square %.1f on %d degrees of freedom: p = %.3g (%s)%n",
                    check.chiSquare(), check.degreesOfFreedom(), check.pValue(), check.pValue() > 0.01
                            ? "the held-out days fit the model" : "the held-out days do NOT fit the model");
            return 0;
        }
    }

    @Command(name = "simulate", mixinStandardHelpOptions = true,
            description = "Simulate an issue stream after the history ends: rates per type, component and time of "
                    + "day, sizes and durations as history says, and (unless --as-observed) issues sized beyond the "
                    + "largest seen and pairs history never showed. Prints it like monitoring notifications.")
    static final class Simulate implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Mixin
        Source source;

        @Option(names = "--simulate-days", paramLabel = "N", defaultValue = "7")
        int simulateDays;

        @Option(names = "--seed", defaultValue = "1")
        long seed;

        @Option(names = "--as-observed", description = "no edge cases: only what history shows")
        boolean asObserved;

        @Option(names = "--rate-factor", paramLabel = "X", defaultValue = "1",
                description = "issue rates times X (3: a bad week)")
        double rateFactor;

        @Option(names = "--fleet", paramLabel = "N", defaultValue = "3",
                description = "instances the predicted impacts are worded for")
        int fleet;

        @Option(names = "--out", paramLabel = "FILE", description = "write the stream as JSON (for rehearse)")
        Path out;

        @Option(names = "--chaos-profile", paramLabel = "FILE",
                description = "also write the resilience layout of the stream as a chaos profile (YAML)")
        Path chaosProfile;

        @Override
        public Integer call() throws IOException {
            List<SimulatedIssue> stream = ResilienceKeys.simulate(source.load(config.load()), simulateDays, seed,
                    !asObserved, rateFactor, fleet);
            Map<String, Integer> byOrigin = new TreeMap<>();
            for (SimulatedIssue i : stream) {
                System.out.printf(Locale.ROOT, "%s  %-14s %-8s %-12s %-20s %s%s%n", i.start(), i.severity()
                                .toUpperCase(Locale.ROOT), i.type(), i.component(), "for " + i.duration().toMinutes()
                                + " min", i.predictedImpact(), i.origin().equals("observed") ? "" : "  [" + i.origin()
                                + "]");
                byOrigin.merge(i.origin(), 1, Integer::sum);
            }
            System.out.printf("%d issues in %d days: %s%n", stream.size(), simulateDays, byOrigin);
            if (out != null) {
                System.out.println("stream written to " + IncidentFiles.writeStream(stream, out));
            }
            if (chaosProfile != null) {
                ResiliencePlan plan = ResiliencePlan.of(name(chaosProfile), stream,
                        ResiliencePlan.Layout.DEFAULTS.withFleetSize(Math.max(2, fleet)));
                Files.writeString(chaosProfile, ChaosProfiles.toYaml(plan.schedule(), "simulated issues, "
                        + plan.episodes().size() + " episodes laid out for a resilience rehearsal, seed " + seed));
                System.out.println("chaos profile written to " + chaosProfile);
            }
            return 0;
        }
    }

    @Command(name = "rehearse", mixinStandardHelpOptions = true,
            description = {"Run ResilienceSimulation: play an issue stream episode by episode on the shadow service "
                    + "under steady traffic while the scaling loop scales it through the AWS SDK, and report which "
                    + "issues the policy absorbs and which breach the SLO.",
                    "Keys: issues.stream or issues.history (+ issues.days, issues.seed, issues.edgecases, "
                            + "issues.ratefactor); resilience.rate, .compression, .lead, .shortest, .longest, "
                            + ".recoverwithin, .settle, .maxepisodes; slo.p95, slo.maxerrorrate; shadow.instances, "
                            + "shadow.warmup; the controller's scaling.* and anomaly.* keys; store, influx.*."})
    static final class Rehearse implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Option(names = "--stream", paramLabel = "FILE", description = "the stream to play (issues.stream)")
        Path stream;

        @Override
        public Integer call() throws Exception {
            Config cli = config.load();
            Map<String, String> properties = new HashMap<>(cli.childProperties());
            if (stream != null) {
                properties.put("prescale.issues.stream", stream.toAbsolutePath().toString());
            }
            ResilienceKeys.read(Config.load(null, Map.of(), properties)); // problems now, not in Gatling's JVM
            GatlingLauncher.Outcome outcome = GatlingLauncher.run("dev.prescale.simulations.ResilienceSimulation",
                    properties, cli.childEnvironment(), Path.of("target", "gatling"), Duration.ofHours(7));
            System.out.print(outcome.output());
            return outcome.exitCode();
        }
    }

    private static TimeSeriesStore open(Config cli) {
        TimeSeriesStore store = Stores.open(cli.asProperties(), System.getenv());
        if (store == null) {
            throw new IllegalArgumentException("store=none keeps no incidents; use file or influx");
        }
        return store;
    }

    private static String name(Path file) {
        String n = file.getFileName().toString();
        return n.contains(".") ? n.substring(0, n.lastIndexOf('.')) : n;
    }
}
