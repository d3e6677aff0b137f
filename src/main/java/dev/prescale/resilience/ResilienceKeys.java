package dev.prescale.resilience;

import dev.prescale.profile.Durations;

import dev.prescale.config.Key;

import dev.prescale.config.Config;
import dev.prescale.issues.Incident;
import dev.prescale.issues.IncidentFiles;
import dev.prescale.issues.IssueModel;
import dev.prescale.issues.IssueSimulator;
import dev.prescale.issues.SimulatedIssue;
import dev.prescale.profile.Slo;
import dev.prescale.resilience.ResiliencePlan;
import dev.prescale.resilience.ResilienceRehearsal;
import dev.prescale.resilience.ResilienceRun;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;

/**
 * A resilience rehearsal's keys: where the issues come from ({@code issues.stream}, a stream file to replay exactly,
 * or {@code issues.history}, incidents to fit and simulate {@code issues.days} from, with {@code issues.seed},
 * {@code issues.edgecases}, {@code issues.ratefactor}); how they are laid out ({@code resilience.compression},
 * {@code .lead}, {@code .shortest}, {@code .longest}, {@code .recoverwithin}, {@code .settle},
 * {@code .maxepisodes}); the traffic ({@code resilience.rate}); the SLO ({@code slo.p95}, {@code slo.maxerrorrate});
 * the shadow fleet ({@code shadow.instances}, {@code shadow.warmup}); and the loop ({@link LoopKeys}; not dry-run and
 * at most 20 instances unless told, since it only ever scales the shadow).
 */
public final class ResilienceKeys {

    /** The keys {@link #read} reads besides {@link LoopKeys#KEYS}. */
    public static final List<Key> KEYS = List.of(
            Key.of("issues.stream", "week.json", "none (or issues.history)", "a stream from prescale issues simulate"),
            Key.of("issues.history", "incidents.csv", "none (or issues.stream)", "incidents to fit and simulate from"),
            Key.of("issues.days", "7", "1", "days of issues simulated from the history"),
            Key.of("issues.seed", "42", "1", "the simulation's random seed"),
            Key.of("issues.edgecases", "false", "true", "add the edge cases (overlaps, back-to-back, longest)"),
            Key.of("issues.ratefactor", "2", "1", "multiplies the fitted issue rate"),
            Key.of("resilience.rate", "120", "60", "steady traffic during episodes, requests/s"),
            Key.of("resilience.compression", "30", String.valueOf((int) ResiliencePlan.Layout.DEFAULTS.compression()),
                    "issue seconds per rehearsal second"),
            Key.of("resilience.lead", "20s", Durations.format(ResiliencePlan.Layout.DEFAULTS.lead()),
                    "quiet lead before each episode"),
            Key.of("resilience.shortest", "3s", Durations.format(ResiliencePlan.Layout.DEFAULTS.shortest()),
                    "shortest compressed fault"),
            Key.of("resilience.longest", "45s", Durations.format(ResiliencePlan.Layout.DEFAULTS.longest()),
                    "longest compressed fault"),
            Key.of("resilience.recoverwithin", "15s", Durations.format(ResiliencePlan.Layout.DEFAULTS.recoverWithin()),
                    "recovery allowance after the faults"),
            Key.of("resilience.settle", "20s", Durations.format(ResiliencePlan.Layout.DEFAULTS.settle()),
                    "settle time after the allowance"),
            Key.of("resilience.maxepisodes", "10", String.valueOf(ResiliencePlan.Layout.DEFAULTS.maxEpisodes()),
                    "most episodes played (the most severe)"),
            Key.of("resilience.reports", "/srv/prescale/resilience", "target/resilience",
                    "folder of the Markdown resilience reports"),
            Key.of("shadow.warmup", "20s", "5s (10s in chaos runs, 30s for the shadow alone)",
                    "how long a new shadow instance takes to serve"));

    private ResilienceKeys() {
    }

    /** @throws IllegalArgumentException listing every problem */
    public static ResilienceRun read(Config c) {
        int instances = c.integer("shadow.instances", 3, 2, 64);
        Duration warmUp = c.duration("shadow.warmup", Duration.ofSeconds(5));
        double rate = c.number("resilience.rate", 60, 0.1, 2000);
        ResiliencePlan.Layout d = ResiliencePlan.Layout.DEFAULTS;
        double compression = c.number("resilience.compression", d.compression(), 1, 1e6);
        Duration lead = c.duration("resilience.lead", d.lead());
        Duration shortest = c.duration("resilience.shortest", d.shortest());
        Duration longest = c.duration("resilience.longest", d.longest());
        Duration recoverWithin = c.duration("resilience.recoverwithin", d.recoverWithin());
        Duration settle = c.duration("resilience.settle", d.settle());
        int maxEpisodes = c.integer("resilience.maxepisodes", d.maxEpisodes(), 1, 10_000);
        Duration p95 = c.duration("slo.p95", Duration.ofMillis(250));
        double maxErrors = 100 * c.number("slo.maxerrorrate", 0.01, 0, 1); // 1% or 0.01
        ResilienceRehearsal.Loop loop = LoopKeys.read(c, false, 20);
        String stream = c.text("issues.stream", null);
        String history = c.text("issues.history", null);
        if (stream == null && history == null) {
            c.problem("issues.stream (a stream file from `prescale issues simulate`) or issues.history (incidents as "
                    + "CSV or JSON, see README: Chaos) is needed");
        }
        int days = c.integer("issues.days", 1, 1, 366);
        long seed = c.integer("issues.seed", 1, 0, Integer.MAX_VALUE);
        boolean edgeCases = c.flag("issues.edgecases", true);
        double rateFactor = c.number("issues.ratefactor", 1, 0.01, 100);
        c.check();
        ResiliencePlan.Layout layout = new ResiliencePlan.Layout(lead, compression, shortest, longest, recoverWithin,
                settle, maxEpisodes, instances);
        List<SimulatedIssue> issues;
        String name;
        if (stream != null) {
            issues = IncidentFiles.readStream(Path.of(stream), instances);
            name = fileName(stream);
        } else {
            issues = simulate(IncidentFiles.read(Path.of(history)), days, seed, edgeCases, rateFactor, instances);
            name = fileName(history) + "-" + days + "d-seed" + seed;
        }
        return new ResilienceRun(ResiliencePlan.of(name, issues, layout), new Slo(p95, maxErrors), rate, loop,
                instances, warmUp);
    }

    /**
     * Fits the incidents (four six-hour buckets of the day) and simulates {@code days} from the next whole hour after
     * the last of them.
     */
    public static List<SimulatedIssue> simulate(List<Incident> history, int days, long seed, boolean edgeCases,
                                                double rateFactor, int fleetSize) {
        if (history.isEmpty()) {
            throw new IllegalArgumentException("the incident history is empty: nothing to learn issues from");
        }
        Instant first = history.stream().map(Incident::start).min(Comparator.naturalOrder()).orElseThrow();
        Instant last = history.stream().map(Incident::start).max(Comparator.naturalOrder()).orElseThrow();
        Instant from = last.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        IssueModel model = IssueModel.fit(history, first, from, 4);
        IssueSimulator.Variation base = edgeCases ? IssueSimulator.Variation.withEdgeCases(fleetSize)
                : IssueSimulator.Variation.asObserved(fleetSize);
        IssueSimulator.Variation v = new IssueSimulator.Variation(rateFactor, base.tailShare(), base.novelPairShare(),
                fleetSize);
        return new IssueSimulator(model, seed).generate(from, from.plus(Duration.ofDays(days)), v);
    }

    private static String fileName(String path) {
        String n = Path.of(path).getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
