package dev.prescale.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prescale.forecast.Forecaster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Replays a traffic trace through the capacity simulator under reactive target tracking and Prescale's predictive
 * policy at each target, and the two oracles, and tabulates violation-minutes and instance-hours: how a user decides to
 * turn Prescale on, and the yardstick Prescale is judged by.
 */
public final class PolicyReplay {

    /**
     * One row of the replay.
     *
     * @param kind        {@code reactive}, {@code predictive} (the 15-minute forecast policy), {@code learned} (the
     *                    reinforcement-learned policy, {@code dev.prescale.learn}), {@code minute-peak}
     *                    (sized for the busiest minute ahead at a quantile), {@code hybrid} (the minute-peak floor,
     *                    reactive above it), {@code weekly-peak-hybrid} (the yardstick: the last week's busiest
     *                    same-window minute +20% as a floor, reactive at 70% above it), {@code oracle} or
     *                    {@code oracle-5m}
     * @param target      the utilization the policy aims at (NaN for minute-peak and the oracles, which size at the
     *                    violation level)
     * @param quantile    the minute-peak quantile (NaN for rows without one)
     * @param recommended true for the one setting Prescale recommends
     */
    public record Row(String kind, double target, double quantile, boolean recommended,
                      CapacitySimulator.Result result, Timeline timeline) {

        public Row(String kind, double target, double quantile, boolean recommended, CapacitySimulator.Result result) {
            this(kind, target, quantile, recommended, result, null);
        }

        /** The row as a setting: its kind and its knob. */
        public Setting setting() {
            return new Setting(kind, target, quantile);
        }
    }

    /**
     * What a row's policy did minute by minute over the scored minutes (index 0 is the first scored minute): instances
     * serving, instances paid for (serving and warming), and the minutes that violated.
     */
    public record Timeline(int[] serving, int[] paid, boolean[] violated) {
    }

    /** The quantiles the minute-peak rows run at. */
    public static final List<Double> QUANTILES = List.of(0.95, 0.98, 0.99, 0.995, 0.998);

    /** The minute-peak quantile under the hybrid's reactive policy. */
    public static final double HYBRID_FLOOR_QUANTILE = 0.99;

    /** The reactive target above the weekly-peak floor of the baseline hybrid. */
    public static final double BASELINE_TARGET = 0.7;

    /** Minutes between two calibrations of the minute-peak policy (as the controller refits). */
    public static final int PEAK_REFIT_MINUTES = 60;

    /**
     * Every row, the oracles last, and the settings they ran under.
     *
     * @param excludedMinutes minutes of the replayed window marked as gaps or outages, not scored
     * @param limits          what limits the recommended row's violations (null without one)
     */
    public record Report(String trace, ReplaySettings settings, int fromMinute, List<Row> rows, int excludedMinutes,
                         Limits limits, Instant epoch, double[] demandRps) {

        public Report {
            rows = List.copyOf(rows);
        }

        public Report(String trace, ReplaySettings settings, int fromMinute, List<Row> rows, int excludedMinutes,
                      Limits limits) {
            this(trace, settings, fromMinute, rows, excludedMinutes, limits, null, null);
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
            b.append(String.format(Locale.ROOT, "%-74s %14s %15s %10s %9s%n", "policy", "violation-min",
                    "instance-hours", "x oracle", "changes"));
            for (Row row : rows) {
                CapacitySimulator.Result r = row.result();
                b.append(String.format(Locale.ROOT, "%-74s %14d %15.1f %10.3f %9d%n", r.policy()
                                + (row.recommended() ? " (default)" : ""), r.violationMinutes(), r.instanceHours(),
                        r.instanceHours() / oracle().instanceHours(), r.changes()));
            }
            comparisons().forEach(line -> b.append(line).append('\n'));
            verdict().ifPresent(line -> b.append(line).append('\n'));
            return b.toString();
        }

        /**
         * The recommended row against the bar (at most {@link #VIOLATION_BUDGET} of minutes violated at at most
         * {@link #ORACLE_5M_BAR} times {@code oracle-5m}'s instance-hours): met, or how far, and what limits it.
         */
        public java.util.Optional<String> verdict() {
            java.util.Optional<Row> d = rows.stream().filter(Row::recommended).findFirst();
            java.util.Optional<Row> o5 = rows.stream().filter(r -> r.kind().equals("oracle-5m")).findFirst();
            if (d.isEmpty() || o5.isEmpty()) {
                return java.util.Optional.empty();
            }
            CapacitySimulator.Result r = d.get().result();
            double share = r.violationMinutes() / (double) Math.max(1, r.minutes());
            double x = r.instanceHours() / o5.get().result().instanceHours();
            boolean met = share <= VIOLATION_BUDGET && x <= ORACLE_5M_BAR;
            return java.util.Optional.of(String.format(Locale.ROOT, "default %s: %.3f%% violation-minutes (bar "
                            + "%.1f%%) at %.2fx oracle-5m (bar %.1fx): %s%s", d.get().setting().label(), share * 100,
                    VIOLATION_BUDGET * 100, x, ORACLE_5M_BAR, met ? "met" : "NOT met",
                    limits == null || met ? "" : "; " + limits.describe()));
        }

        /** The replay as one JSON object: trace, scored minutes, the instance's rate per minute, and the rows. */
        public String json() {
            ObjectNode root = JSON.createObjectNode().put("trace", trace).put("minutes", oracle().minutes())
                    .put("perInstance", settings.capacityPerInstance() * 60).put("excludedMinutes", excludedMinutes)
                    .put("trainingMinutes", fromMinute);
            if (limits != null) {
                root.putObject("defaultLimits").put("violationMinutes", limits.violationMinutes())
                        .put("unforeseenBurstMinutes", limits.unforeseen());
            }
            ArrayNode list = root.putArray("rows");
            for (Row row : rows) {
                ObjectNode node = list.addObject().put("policy", row.kind());
                if (Double.isNaN(row.target())) {
                    node.putNull("target");
                } else {
                    node.put("target", row.target());
                }
                if (!Double.isNaN(row.quantile())) {
                    node.put("quantile", row.quantile());
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
         * For each of Prescale's rows (predictive, minute-peak, hybrid, learned), the reactive rows it beats on both
         * counts (at most their violation-minutes, fewer instance-hours), or a line saying that none is beaten; a
         * reactive row run at a lower target buys its fewer violations with instance-hours, so only both together say
         * one policy is better.
         */
        public List<String> comparisons() {
            List<String> lines = new ArrayList<>();
            for (Row p : rows) {
                if (!isPrescale(p) && !p.kind().equals(LEARNED)) {
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

    /** A setting by kind and knob (target, quantile, NaN where none): what a selection on training recommends. */
    public record Setting(String kind, double target, double quantile) {
        /** As a person reads it: {@code minute-peak q99.5%}, {@code hybrid @70%}. */
        public String label() {
            StringBuilder b = new StringBuilder(kind);
            if (!Double.isNaN(quantile)) {
                b.append(String.format(Locale.ROOT, " q%s%%", trim(quantile * 100)));
            }
            if (!Double.isNaN(target)) {
                b.append(String.format(Locale.ROOT, " @%s%%", trim(target * 100)));
            }
            return b.toString();
        }

        private static String trim(double percent) {
            return Math.rint(percent) == percent ? String.valueOf((long) percent)
                    : String.format(Locale.ROOT, "%.1f", percent);
        }
    }

    /** The most instance-hours the recommended setting should pay, as a multiple of {@code oracle-5m}'s. */
    public static final double ORACLE_5M_BAR = 1.3;

    /** The share of scored minutes a recommended setting may violate: one in a thousand. */
    public static final double VIOLATION_BUDGET = 0.001;

    /**
     * Chooses the setting to recommend from the training window alone: replays its last part (a week, or a quarter of
     * it when shorter, at least a day) with the earlier part as history, and, among Prescale's rows costing at most
     * {@link #COST_CAP} times {@code oracle-5m}, takes the cheapest within {@link #VIOLATION_BUDGET}, or the one with
     * the fewest violations when none is within it; when every row costs more, the cheapest.
     */
    public static Setting select(String name, Instant epoch, MarkedTrace trace, int trainMinutes,
                                 ReplaySettings settings, List<Double> targets, Forecaster model) {
        double[] training = java.util.Arrays.copyOf(trace.requestsPerMinute(), trainMinutes);
        int validation = validationMinutes(trainMinutes);
        Report report = run(name + " (training)", epoch, new MarkedTrace(training, 0, 0), trainMinutes - validation,
                settings, targets, model, null);
        return choose(report);
    }

    /** The recommended setting among a training replay's rows, by {@link #select}'s rule. */
    static Setting choose(Report report) {
        double cap = COST_CAP * report.rows().stream().filter(r -> r.kind().equals("oracle-5m")).findFirst()
                .orElseThrow().result().instanceHours();
        Row best = null;
        Row cheapest = null;
        for (Row row : report.rows()) {
            if (!isPrescale(row)) {
                continue;
            }
            if (cheapest == null || row.result().instanceHours() < cheapest.result().instanceHours()) {
                cheapest = row;
            }
            if (row.result().instanceHours() <= cap && (best == null || better(row, best))) {
                best = row;
            }
        }
        return (best != null ? best : cheapest).setting();
    }

    /**
     * The most a recommended setting may cost on the training window, as a multiple of {@code oracle-5m}'s
     * instance-hours there: where bursts no forecast sees make the violation budget unreachable, buying it anyway
     * costs 5-50 times the oracle (measured on the realTweets series), which no one would pay; the default then takes
     * the fewest violations this much money buys.
     */
    public static final double COST_CAP = 2.0;

    /** A row of one of Prescale's own policies (predictive, minute-peak, hybrid), as against reactive or an oracle. */
    public static boolean isPrescale(Row row) {
        return isPrescaleKind(row.kind());
    }

    private static boolean isPrescaleKind(String kind) {
        return kind.equals("predictive") || kind.equals("minute-peak") || kind.equals("hybrid");
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
     * @param recommended the setting to mark as the default, or null for minute-peak at
     *                    {@link #HYBRID_FLOOR_QUANTILE}
     */
    public static Report run(String name, Instant epoch, MarkedTrace trace, int fromMinute, ReplaySettings settings,
                             List<Double> targets, Forecaster model, Setting recommended) {
        return run(name, epoch, trace, fromMinute, settings, targets, model, recommended, null);
    }

    /**
     * As {@link #run(String, Instant, MarkedTrace, int, ReplaySettings, List, Forecaster, Setting)}, with a row of
     * kind {@code learned} (before the oracles) for a policy from {@code learned} (given the trace's first minute, so
     * it knows the time of day), when not null.
     */
    public static Report run(String name, Instant epoch, MarkedTrace trace, int fromMinute, ReplaySettings settings,
                             List<Double> targets, Forecaster model, Setting recommended,
                             java.util.function.Function<Instant, ReplayPolicy> learned) {
        double[] perMinute = trace.requestsPerMinute();
        double[] rps = new double[perMinute.length];
        int excluded = 0;
        for (int i = 0; i < rps.length; i++) {
            rps[i] = perMinute[i] / 60; // NaN stays NaN: not scored
            excluded += i >= fromMinute && Double.isNaN(rps[i]) ? 1 : 0;
        }
        Setting chosen = recommended != null ? recommended : new Setting("minute-peak", Double.NaN,
                HYBRID_FLOOR_QUANTILE);
        List<Setting> all = new ArrayList<>();
        targets.forEach(t -> all.add(new Setting("reactive", t, Double.NaN)));
        targets.forEach(t -> all.add(new Setting("predictive", t, Double.NaN)));
        QUANTILES.forEach(q -> all.add(new Setting("minute-peak", Double.NaN, q)));
        targets.forEach(t -> all.add(new Setting("hybrid", t, HYBRID_FLOOR_QUANTILE)));
        all.add(new Setting("weekly-peak-hybrid", BASELINE_TARGET, Double.NaN));
        if (learned != null) {
            all.add(new Setting(LEARNED, Double.NaN, Double.NaN));
        }
        all.add(new Setting("oracle-5m", Double.NaN, Double.NaN));
        all.add(new Setting("oracle", Double.NaN, Double.NaN));
        List<Row> rows = new ArrayList<>();
        Limits limits = null;
        for (Setting setting : all) {
            boolean isChosen = isPrescaleKind(setting.kind()) && setting.equals(chosen);
            int scored = Math.max(0, rps.length - fromMinute);
            boolean[] violated = new boolean[scored];
            int[] serving = new int[scored];
            int[] paid = new int[scored];
            CapacitySimulator.Result result = CapacitySimulator.run(rps, fromMinute, settings,
                    setting.kind().equals(LEARNED) ? learned.apply(epoch) : policy(setting, settings, rps, epoch, model),
                    violated, Faults.NONE, minute -> {
                        serving[minute.minute() - fromMinute] = minute.ready();
                        paid[minute.minute() - fromMinute] = minute.paid();
                    });
            rows.add(new Row(setting.kind(), setting.target(), setting.quantile(), isChosen, result,
                    new Timeline(serving, paid, violated)));
            if (isChosen) {
                limits = Limits.of(rps, fromMinute, settings, violated);
            }
        }
        return new Report(name, settings, fromMinute, rows, excluded, limits, epoch,
                java.util.Arrays.copyOfRange(rps, Math.min(fromMinute, rps.length), rps.length));
    }

    /** The kind of the learned policy's row. */
    public static final String LEARNED = "learned";

    /** A fresh policy for a hand-written setting (policies keep state, so one per replay). */
    public static ReplayPolicy policy(Setting s, ReplaySettings settings, double[] rps, Instant epoch,
                                       Forecaster model) {
        return switch (s.kind()) {
            case "reactive" -> new TargetTracking(s.target());
            case "predictive" -> new Predictive(Predictive.Settings.defaults(model, s.target()), epoch);
            case "minute-peak" -> new PeakReplay(s.quantile(), settings, PEAK_REFIT_MINUTES);
            case "hybrid" -> new Hybrid(new PeakReplay(s.quantile(), settings, PEAK_REFIT_MINUTES),
                    new TargetTracking(s.target()));
            case "weekly-peak-hybrid" -> new Hybrid(new WeeklyPeakFloor(), new TargetTracking(s.target()));
            case "oracle-5m" -> new Oracle(rps, 5);
            case "oracle" -> new Oracle(rps);
            default -> throw new IllegalArgumentException("no policy of kind " + s.kind());
        };
    }
}
