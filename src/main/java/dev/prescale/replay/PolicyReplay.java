package dev.prescale.replay;

import dev.prescale.forecast.Calibrated;
import dev.prescale.forecast.Forecaster;
import dev.prescale.forecast.ProphetModel;
import dev.prescale.profile.RateTrace;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Replays a traffic trace through the capacity simulator under reactive target tracking, Prescale's predictive policy
 * and the oracle, and tabulates violation-minutes and instance-hours: how a user decides to turn Prescale on.
 */
public final class PolicyReplay {

    /**
     * Every policy's result, oracle last, and the settings they ran under. Reactive target tracking runs at 50% (the
     * EC2 Auto Scaling console's proposal), 60% and the settings' target: users of reactive scaling pick a low target
     * to absorb its lag, so one reactive row alone would hide the trade between cost and violations.
     */
    public record Report(String trace, ReplaySettings settings, int fromMinute, List<CapacitySimulator.Result> results) {

        public CapacitySimulator.Result oracle() {
            return results.get(results.size() - 1);
        }

        /** The table as text. */
        public String table() {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s: %d minutes replayed after %d of "
                            + "history; instance = %.3f req/s at 100%%, target %.0f%%, violation above %.0f%%, "
                            + "warm-up %d min, metric lag %d min%n", trace, oracle().minutes(), fromMinute,
                    settings.capacityPerInstance(), settings.targetUtilization() * 100,
                    settings.violationUtilization() * 100, settings.warmUpMinutes(), settings.metricLagMinutes()));
            b.append(String.format(Locale.ROOT, "%-50s %14s %15s %10s %9s%n", "policy", "violation-min",
                    "instance-hours", "x oracle", "changes"));
            for (CapacitySimulator.Result r : results) {
                b.append(String.format(Locale.ROOT, "%-50s %14d %15.1f %10.3f %9d%n", r.policy(), r.violationMinutes(),
                        r.instanceHours(), r.instanceHours() / oracle().instanceHours(), r.changes()));
            }
            comparisons().forEach(line -> b.append(line).append('\n'));
            return b.toString();
        }

        /**
         * For each predictive row, the reactive rows it beats on both counts (fewer violation-minutes and fewer
         * instance-hours), or a line saying that none is beaten; a reactive row run at a lower target buys its fewer
         * violations with instance-hours, so only both together say one policy is better.
         */
        public List<String> comparisons() {
            List<String> lines = new ArrayList<>();
            for (CapacitySimulator.Result p : results) {
                if (!p.policy().startsWith(Predictive.NAME)) {
                    continue;
                }
                List<String> beaten = new ArrayList<>();
                for (CapacitySimulator.Result r : results) {
                    if (r.policy().startsWith(TargetTracking.NAME) && p.violationMinutes() < r.violationMinutes()
                            && p.instanceHours() < r.instanceHours()) {
                        beaten.add(String.format(Locale.ROOT, "%s (%d < %d violation-min, %.1f < %.1f instance-h)",
                                r.policy(), p.violationMinutes(), r.violationMinutes(), p.instanceHours(),
                                r.instanceHours()));
                    }
                }
                lines.add(p.policy() + (beaten.isEmpty() ? " beats no reactive setting on both counts"
                        : " beats " + String.join("; ", beaten)));
            }
            return lines;
        }
    }

    private PolicyReplay() {
    }

    /**
     * @param requestsPerMinute the trace, one value per minute
     * @param fromMinute        replay from here; the minutes before are history only
     * @param model             the predictive policy's forecaster
     */
    public static Report run(String name, Instant epoch, double[] requestsPerMinute, int fromMinute,
                             ReplaySettings settings, Forecaster model) {
        double[] rps = new double[requestsPerMinute.length];
        for (int i = 0; i < rps.length; i++) {
            rps[i] = Double.isNaN(requestsPerMinute[i]) ? Double.NaN : requestsPerMinute[i] / 60;
        }
        List<CapacitySimulator.Result> results = new ArrayList<>();
        for (double target : new double[]{0.5, 0.6, settings.targetUtilization()}) {
            results.add(CapacitySimulator.run(rps, fromMinute, settings, new TargetTracking(target)));
        }
        // the same target as target tracking; then the upper bound sized nearer the knee, since the interval
        // already carries the margin that reactive scaling needs its target for
        for (double target : new double[]{settings.targetUtilization(),
                (settings.targetUtilization() + settings.violationUtilization()) / 2}) {
            results.add(CapacitySimulator.run(rps, fromMinute, settings,
                    new Predictive(Predictive.Settings.defaults(model, target), epoch)));
        }
        results.add(CapacitySimulator.run(rps, fromMinute, settings, new Oracle(rps)));
        return new Report(name, settings, fromMinute, results);
    }

    /** {@code PolicyReplay TRACE.csv [HISTORY_DAYS]}: replays what follows the first HISTORY_DAYS (default 21). */
    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: PolicyReplay TRACE.csv [HISTORY_DAYS]  (CSV of timestamp,requests per minute)");
            System.exit(2);
        }
        RateTrace trace = RateTrace.read(Path.of(args[0]), "file");
        double[] perMinute = dev.prescale.forecast.Series.fromTrace(trace).values();
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 21;
        Report report = run(args[0], trace.start(), perMinute, Math.min(perMinute.length - 60, days * 1440),
                ReplaySettings.sizedFor(perMinute), new Calibrated(new ProphetModel()));
        System.out.print(report.table());
    }
}
