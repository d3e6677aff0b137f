package dev.prescale.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prescale.forecast.Forecaster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Replays a traffic trace through the capacity simulator under reactive target tracking and Prescale's predictive
 * policy at each target, and the two oracles, and tabulates violation-minutes and instance-hours: how a user decides to
 * turn Prescale on, and the yardstick Prescale is judged by.
 */
public final class PolicyReplay {

    /** The predictive target Prescale recommends; the row nearest it is the default. */
    public static final double RECOMMENDED_TARGET = 0.7;

    /**
     * One row of the replay.
     *
     * @param kind        {@code reactive}, {@code predictive}, {@code predictive-peak} (sized for each step's busiest
     *                    minute), {@code hybrid} (predictive floor, reactive above it),
     *                    {@code oracle} or {@code oracle-5m}
     * @param target      the utilization the policy aims at (NaN for the oracles, which size at the violation level)
     * @param recommended true for the one predictive setting Prescale recommends
     */
    public record Row(String kind, double target, boolean recommended, CapacitySimulator.Result result) {
    }

    /**
     * Every row, the oracles last, and the settings they ran under.
     *
     * @param excludedMinutes minutes of the replayed window marked as gaps or outages, not scored
     */
    public record Report(String trace, ReplaySettings settings, int fromMinute, List<Row> rows, int excludedMinutes) {

        public Report {
            rows = List.copyOf(rows);
        }

        /** The rows' results, in order. */
        public List<CapacitySimulator.Result> results() {
            return rows.stream().map(Row::result).toList();
        }

        /** The per-minute oracle, what every ratio is against. */
        public CapacitySimulator.Result oracle() {
            return rows.stream().filter(r -> r.kind().equals("oracle")).findFirst().orElse(rows.get(rows.size() - 1))
                    .result();
        }

        /** The table as text. */
        public String table() {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s: %d minutes scored after %d of "
                            + "training (%d marked and not scored); instance = %.1f req/min at 100%%, violation above "
                            + "%.0f%%, warm-up %d min, metric lag %d min%n", trace, oracle().minutes(), fromMinute,
                    excludedMinutes, settings.capacityPerInstance() * 60, settings.violationUtilization() * 100,
                    settings.warmUpMinutes(), settings.metricLagMinutes()));
            b.append(String.format(Locale.ROOT, "%-60s %14s %15s %10s %9s%n", "policy", "violation-min",
                    "instance-hours", "x oracle", "changes"));
            for (Row row : rows) {
                CapacitySimulator.Result r = row.result();
                b.append(String.format(Locale.ROOT, "%-60s %14d %15.1f %10.3f %9d%n", r.policy()
                                + (row.recommended() ? " (default)" : ""), r.violationMinutes(), r.instanceHours(),
                        r.instanceHours() / oracle().instanceHours(), r.changes()));
            }
            comparisons().forEach(line -> b.append(line).append('\n'));
            return b.toString();
        }

        /** The replay as one JSON object: trace, scored minutes, the instance's rate per minute, and the rows. */
        public String json() {
            ObjectNode root = JSON.createObjectNode().put("trace", trace).put("minutes", oracle().minutes())
                    .put("perInstance", settings.capacityPerInstance() * 60).put("excludedMinutes", excludedMinutes)
                    .put("trainingMinutes", fromMinute);
            ArrayNode list = root.putArray("rows");
            for (Row row : rows) {
                ObjectNode node = list.addObject().put("policy", row.kind());
                if (Double.isNaN(row.target())) {
                    node.putNull("target");
                } else {
                    node.put("target", row.target());
                }
                node.put("violationMinutes", row.result().violationMinutes())
                        .put("instanceHours", Math.round(row.result().instanceHours() * 1000) / 1000.0)
                        .put("xOracle", Math.round(row.result().instanceHours() / oracle().instanceHours() * 1000)
                                / 1000.0)
                        .put("changes", row.result().changes()).put("default", row.recommended());
            }
            return root.toString();
        }

        /**
         * For each predictive row, the reactive rows it beats on both counts (at most their violation-minutes, fewer
         * instance-hours), or a line saying that none is beaten; a reactive row run at a lower target buys its fewer
         * violations with instance-hours, so only both together say one policy is better.
         */
        public List<String> comparisons() {
            List<String> lines = new ArrayList<>();
            for (Row p : rows) {
                if (!isPrescale(p)) {
                    continue;
                }
                List<String> beaten = new ArrayList<>();
                for (Row r : rows) {
                    if (r.kind().equals("reactive") && p.result().violationMinutes() <= r.result().violationMinutes()
                            && p.result().instanceHours() < r.result().instanceHours()) {
                        beaten.add(String.format(Locale.ROOT, "%s (%d <= %d violation-min, %.1f < %.1f instance-h)",
                                r.result().policy(), p.result().violationMinutes(), r.result().violationMinutes(),
                                p.result().instanceHours(), r.result().instanceHours()));
                    }
                }
                lines.add(p.result().policy() + (beaten.isEmpty() ? " beats no reactive setting on both counts"
                        : " beats " + String.join("; ", beaten)));
            }
            return lines;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyReplay() {
    }

    /**
     * @param trace      the trace, one value per minute, gaps and outages marked
     * @param fromMinute replay from here; the minutes before are training history only
     * @param targets    the targets reactive and predictive rows run at
     * @param model      the predictive policy's forecaster
     */
    public static Report run(String name, Instant epoch, MarkedTrace trace, int fromMinute, ReplaySettings settings,
                             List<Double> targets, Forecaster model) {
        return run(name, epoch, trace, fromMinute, settings, targets, model, null);
    }

    /** A setting by kind and target: what a selection on the training window recommends. */
    public record Setting(String kind, double target) {
        boolean matches(Row row) {
            return row.kind().equals(kind) && row.target() == target;
        }
    }

    /** The share of scored minutes a recommended setting may violate: one in a thousand. */
    public static final double VIOLATION_BUDGET = 0.001;

    /**
     * Chooses the setting to recommend from the training window alone: replays its last part (a week, or a quarter of
     * it when shorter, at least a day) with the earlier part as history, and takes the cheapest predictive or hybrid
     * row within {@link #VIOLATION_BUDGET}, or the one with the fewest violations when none is.
     */
    public static Setting select(String name, Instant epoch, MarkedTrace trace, int trainMinutes,
                                 ReplaySettings settings, List<Double> targets, Forecaster model) {
        double[] training = java.util.Arrays.copyOf(trace.requestsPerMinute(), trainMinutes);
        int validation = validationMinutes(trainMinutes);
        Report report = run(name + " (training)", epoch, new MarkedTrace(training, 0, 0), trainMinutes - validation,
                settings, targets, model, null);
        Row best = null;
        for (Row row : report.rows()) {
            if (!isPrescale(row)) {
                continue;
            }
            if (best == null || better(row, best)) {
                best = row;
            }
        }
        return new Setting(best.kind(), best.target());
    }

    /** A row of one of Prescale's own policies (predictive, predictive-peak, hybrid), as against reactive or an oracle. */
    public static boolean isPrescale(Row row) {
        return row.kind().startsWith("predictive") || row.kind().equals("hybrid");
    }

    /** Minutes of a training window held back to choose settings on: a week, or a quarter, at least a day. */
    static int validationMinutes(int trainMinutes) {
        return Math.min(7 * 1440, Math.max(Math.min(1440, trainMinutes / 2), trainMinutes / 4));
    }

    private static boolean better(Row a, Row b) {
        boolean aWithin = a.result().violationMinutes() <= VIOLATION_BUDGET * a.result().minutes();
        boolean bWithin = b.result().violationMinutes() <= VIOLATION_BUDGET * b.result().minutes();
        if (aWithin != bWithin) {
            return aWithin;
        }
        if (aWithin) {
            return a.result().instanceHours() < b.result().instanceHours();
        }
        return a.result().violationMinutes() < b.result().violationMinutes()
                || a.result().violationMinutes() == b.result().violationMinutes()
                && a.result().instanceHours() < b.result().instanceHours();
    }

    /**
     * @param recommended the setting to mark as the default, or null for the predictive row nearest
     *                    {@link #RECOMMENDED_TARGET}
     */
    public static Report run(String name, Instant epoch, MarkedTrace trace, int fromMinute, ReplaySettings settings,
                             List<Double> targets, Forecaster model, Setting recommended) {
        double[] perMinute = trace.requestsPerMinute();
        double[] rps = new double[perMinute.length];
        int excluded = 0;
        for (int i = 0; i < rps.length; i++) {
            rps[i] = perMinute[i] / 60; // NaN stays NaN: not scored
            excluded += i >= fromMinute && Double.isNaN(rps[i]) ? 1 : 0;
        }
        List<Row> rows = new ArrayList<>();
        for (double target : targets) {
            rows.add(new Row("reactive", target, false,
                    CapacitySimulator.run(rps, fromMinute, settings, new TargetTracking(target))));
        }
        Setting chosen = recommended != null ? recommended : new Setting("predictive", targets.stream()
                .min(Comparator.comparingDouble(t -> Math.abs(t - RECOMMENDED_TARGET))).orElse(RECOMMENDED_TARGET));
        for (double target : targets) {
            Row row = new Row("predictive", target, false, CapacitySimulator.run(rps, fromMinute, settings,
                    new Predictive(Predictive.Settings.defaults(model, target), epoch)));
            rows.add(new Row(row.kind(), target, chosen.matches(row), row.result()));
        }
        for (double target : targets) {
            Row row = new Row("predictive-peak", target, false, CapacitySimulator.run(rps, fromMinute, settings,
                    new Predictive(Predictive.Settings.peak(model, target), epoch)));
            rows.add(new Row(row.kind(), target, chosen.matches(row), row.result()));
        }
        for (double target : targets) {
            Row row = new Row("hybrid", target, false, CapacitySimulator.run(rps, fromMinute, settings,
                    new Hybrid(new Predictive(Predictive.Settings.defaults(model, target), epoch),
                            new TargetTracking(target))));
            rows.add(new Row(row.kind(), target, chosen.matches(row), row.result()));
        }
        rows.add(new Row("oracle-5m", Double.NaN, false, CapacitySimulator.run(rps, fromMinute, settings,
                new Oracle(rps, 5))));
        rows.add(new Row("oracle", Double.NaN, false, CapacitySimulator.run(rps, fromMinute, settings,
                new Oracle(rps))));
        return new Report(name, settings, fromMinute, rows, excluded);
    }
}
