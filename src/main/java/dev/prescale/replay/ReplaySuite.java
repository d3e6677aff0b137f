package dev.prescale.replay;

import dev.prescale.forecast.Forecaster;
import dev.prescale.profile.RateTrace;
import dev.prescale.scaling.PeakPolicy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Every trace of a folder replayed by one rule, so no trace gets settings of its own: per-minute demand (coarser steps
 * spread evenly over their minutes), the last week scored (a quarter of the trace when that is shorter, at least a
 * day), everything before it training; one instance serves a tenth of the training window's busiest minute; the
 * default setting chosen on the training window alone ({@link PolicyReplay#select}).
 */
public final class ReplaySuite {

    /** One trace's outcome: its replay, and the setting chosen on its training window. */
    public record TraceResult(String trace, PolicyReplay.Report report, PolicyReplay.Setting chosen) {

        PolicyReplay.Row row(String kind) {
            return report.rows().stream().filter(r -> r.kind().equals(kind)).findFirst().orElseThrow();
        }

        /** The recommended row. */
        public PolicyReplay.Row recommended() {
            return report.rows().stream().filter(PolicyReplay.Row::recommended).findFirst().orElseThrow();
        }

        /**
         * For a reactive row: some predictive or hybrid row with at most its violation-minutes at no more than
         * {@code costShare} of its instance-hours.
         */
        public boolean dominated(PolicyReplay.Row reactive, double costShare) {
            return report.rows().stream().anyMatch(r -> PolicyReplay.isPrescale(r)
                    && r.result().violationMinutes() <= reactive.result().violationMinutes()
                    && r.result().instanceHours() <= costShare * reactive.result().instanceHours());
        }
    }

    private ReplaySuite() {
    }

    /** The traces of a folder (and its sub-folders): *.csv files of timestamp,value. */
    public static List<Path> traces(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> f.toString().endsWith(".csv") && Files.isRegularFile(f)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list traces in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Per-minute demand of a trace file, NaN where it has no row; coarser whole-minute steps are spread evenly. */
    public static MarkedTrace perMinute(RateTrace trace) {
        return MarkedTrace.mark(PeakPolicy.perMinute(trace.countsWithGaps(), trace.stepSeconds(),
                String.valueOf(trace.source())));
    }

    /** Minutes scored of a trace this long: the rule every trace of a suite follows. */
    public static int scoredMinutes(int minutes) {
        return PolicyReplay.validationMinutes(minutes);
    }

    /** Replays one trace by the suite's rule. */
    public static TraceResult run(Path file, List<Double> targets, int warmUp, double violationLevel,
                                  Supplier<Forecaster> model) {
        return run(file, targets, warmUp, violationLevel, model, null);
    }

    /** The replay world of a trace by the suite's rule: per-minute demand, where scoring starts, the settings. */
    public record World(String name, Instant epoch, MarkedTrace trace, int from, ReplaySettings settings) {

        /** Requests/s of each minute, NaN where the record has none. */
        public double[] demandRps() {
            double[] perMinute = trace.requestsPerMinute();
            double[] rps = new double[perMinute.length];
            for (int i = 0; i < rps.length; i++) {
                rps[i] = perMinute[i] / 60;
            }
            return rps;
        }
    }

    /** A trace file's world by the suite's rule. */
    public static World world(Path file, int warmUp, double violationLevel) {
        RateTrace rates = RateTrace.read(file, "file", true);
        MarkedTrace trace = perMinute(rates);
        int from = trace.minutes() - scoredMinutes(trace.minutes());
        return new World(file.getFileName().toString(), rates.start(), trace, from, ReplaySettings.of(
                ReplaySettings.derivedPerInstance(trace.requestsPerMinute(), from), violationLevel, warmUp));
    }

    /** As {@link #run(Path, List, int, double, Supplier)}, with the learned policy's row when {@code learned} is set. */
    public static TraceResult run(Path file, List<Double> targets, int warmUp, double violationLevel,
                                  Supplier<Forecaster> model,
                                  java.util.function.Function<Instant, ReplayPolicy> learned) {
        World w = world(file, warmUp, violationLevel);
        MarkedTrace trace = w.trace();
        int from = w.from();
        ReplaySettings settings = w.settings();
        String name = w.name();
        PolicyReplay.Setting chosen = PolicyReplay.select(name, w.epoch(), trace, from, settings, targets,
                model.get());
        return new TraceResult(name, PolicyReplay.run(name, w.epoch(), trace, from, settings, targets,
                model.get(), chosen, learned), chosen);
    }

    /**
     * One row per trace and an aggregate: the recommended setting against both oracles and the weekly-peak yardstick,
     * and which reactive targets a Prescale row beats at 0.7x their cost (and at any lower cost).
     */
    public static String table(List<TraceResult> results, List<Double> targets) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-36s %5s %-20s %7s %8s %7s %8s %7s %7s  %s%n",
                "trace", "days", "default", "viol %", "x oracle", "x o-5m", "unforesn", "yard %", "yard xo",
                "reactive beaten at 0.7x cost (at any lower cost)"));
        int meetsDefault = 0;
        int[] beaten = new int[targets.size()];
        int[] cheaper = new int[targets.size()];
        double shareSum = 0;
        double xSum = 0;
        double yardShareSum = 0;
        double yardXSum = 0;
        for (TraceResult r : results) {
            PolicyReplay.Row d = r.recommended();
            PolicyReplay.Row yard = r.row("weekly-peak-hybrid");
            double oracle = r.row("oracle").result().instanceHours();
            double violationShare = share(d);
            double xOracle = d.result().instanceHours() / oracle;
            double xOracle5 = d.result().instanceHours() / r.row("oracle-5m").result().instanceHours();
            meetsDefault += violationShare <= PolicyReplay.VIOLATION_BUDGET && xOracle5 <= PolicyReplay.ORACLE_5M_BAR
                    ? 1 : 0;
            shareSum += violationShare;
            xSum += xOracle;
            yardShareSum += share(yard);
            yardXSum += yard.result().instanceHours() / oracle;
            List<String> who = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                double target = targets.get(i);
                PolicyReplay.Row reactive = r.report().rows().stream().filter(x -> x.kind().equals("reactive")
                        && x.target() == target).findFirst().orElseThrow();
                boolean won = r.dominated(reactive, 0.7);
                boolean any = r.dominated(reactive, 1 - 1e-9);
                beaten[i] += won ? 1 : 0;
                cheaper[i] += any ? 1 : 0;
                who.add(String.format(Locale.ROOT, "@%.0f%% %s", target * 100, won ? "yes" : any ? "no (yes)" : "no"));
            }
            Limits limits = r.report().limits();
            b.append(String.format(Locale.ROOT, "%-36s %5.1f %-20s %7.3f %8.3f %7.3f %8s %7.3f %7.3f  %s%n", r.trace(),
                    d.result().minutes() / 1440.0, d.setting().label(), violationShare * 100, xOracle, xOracle5,
                    limits == null ? "-" : limits.unforeseen() + "/" + limits.violationMinutes(), share(yard) * 100,
                    yard.result().instanceHours() / oracle, String.join(", ", who)));
        }
        int n = Math.max(1, results.size());
        b.append(String.format(Locale.ROOT, "%d traces: the default met <= %.1f%% violation-minutes at <= %.1fx "
                        + "oracle-5m on %d; mean over traces: default %.3f%% at %.2fx oracle, yardstick %.3f%% at %.2fx "
                        + "oracle; reactive beaten at 0.7x cost (at any lower cost) on", results.size(),
                PolicyReplay.VIOLATION_BUDGET * 100, PolicyReplay.ORACLE_5M_BAR, meetsDefault, 100 * shareSum / n,
                xSum / n, 100 * yardShareSum / n, yardXSum / n));
        for (int i = 0; i < targets.size(); i++) {
            b.append(String.format(Locale.ROOT, " %s@%.0f%%: %d (%d)", i == 0 ? "" : "/", targets.get(i) * 100,
                    beaten[i], cheaper[i]));
        }
        return b.append('\n').toString();
    }

    private static double share(PolicyReplay.Row row) {
        return row.result().violationMinutes() / (double) Math.max(1, row.result().minutes());
    }
}
