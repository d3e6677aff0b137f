package dev.prescale.resilience;

import java.util.List;

import dev.prescale.profile.Durations;

import dev.prescale.config.Key;

import dev.prescale.anomaly.AnomalyEvent;
import dev.prescale.anomaly.FleetWatch;
import dev.prescale.config.Config;
import dev.prescale.controller.AnomalyRule;
import dev.prescale.resilience.ResilienceRehearsal;
import dev.prescale.scaling.Bounds;
import dev.prescale.scaling.ScalingPolicy;
import dev.prescale.scaling.SurgeTiers;

import java.time.Duration;

/**
 * The scaling loop's keys ({@code scaling.*}, {@code anomaly.*}, {@code controller.interval}), read the same way for
 * the controller and for a resilience rehearsal of it. Problems are collected in the config, not thrown: the caller
 * checks once it has read everything.
 */
public final class LoopKeys {

    /** The keys {@link #read} reads. */
    public static final List<Key> KEYS = List.of(
            Key.of("scaling.min", "2", "1", "fewest instances"),
            Key.of("scaling.max", "40", "none: required (20 in resilience rehearsals)", "most instances, ever"),
            Key.of("scaling.maxbehavior", "increase", "honor", "honor, or increase: a forecast may lift max by maxbuffer"),
            Key.of("scaling.maxbuffer", "10", "0", "percent above max a forecast may go with maxbehavior increase"),
            Key.of("scaling.target", "0.6", "0.7", "utilization each instance is sized for"),
            Key.of("scaling.scalein", "0.3", "0.35", "utilization below which the fleet may shrink"),
            Key.of("scaling.confidence", "0.9", "0.8", "forecast quantile sized for"),
            Key.of("scaling.buffer", "15m", "10m", "how far ahead of a forecast rise capacity is scheduled"),
            Key.of("scaling.stabilization", "45m", "30m", "how long a lower forecast must last before scaling in"),
            Key.of("scaling.cooldown", "3m", "5m", "least time between scale-outs"),
            Key.of("scaling.scaleincooldown", "20m", "15m", "least time between scale-ins"),
            Key.of("scaling.dryrun", "false", "true (false in resilience rehearsals)",
                    "decide and record, call no scaling API"),
            Key.of("anomaly.response", "add-capacity", "hold-scale-in", "none, hold-scale-in or add-capacity"),
            Key.of("anomaly.extra", "25", "50", "percent added by add-capacity"),
            Key.of("anomaly.severity", "high", "medium", "least severity the response acts on"),
            Key.of("anomaly.threshold", "0.95", String.valueOf(FleetWatch.Settings.DEFAULTS.threshold()),
                    "fleet-watch score that opens an anomaly"),
            Key.of("anomaly.window", "30m", Durations.format(FleetWatch.Settings.DEFAULTS.window()),
                    "fleet-watch learning window"),
            Key.of("anomaly.quiet", "10m", Durations.format(FleetWatch.Settings.DEFAULTS.quiet()),
                    "quiet time that closes an anomaly"),
            Key.of("anomaly.longest", "2h", Durations.format(FleetWatch.Settings.DEFAULTS.longest()),
                    "an anomaly open longer is closed as the new normal"),
            Key.of("anomaly.hold", "45m", Durations.format(AnomalyRule.DEFAULT.holdAfter()),
                    "how long the response holds after the anomaly closes"),
            Key.of("controller.interval", "30s", "1m", "time between the loop's ticks"));

    private LoopKeys() {
    }

    /**
     * @param dryRunByDefault what {@code scaling.dryrun} is when unset
     * @param maxByDefault    what {@code scaling.max} is when unset, or null when it must be set
     */
    public static ResilienceRehearsal.Loop read(Config c, boolean dryRunByDefault, Integer maxByDefault) {
        int min = c.integer("scaling.min", 1, 0, 100_000);
        int max = c.integer("scaling.max", maxByDefault == null ? min : Math.max(min, maxByDefault), 0, 100_000);
        if (c.text("scaling.max", null) == null && maxByDefault == null) {
            c.problem("scaling.max is missing: the most instances Prescale may ever run");
        } else if (max < min) {
            c.problem("scaling.max=" + max + " is below scaling.min=" + min);
        }
        String behavior = c.text("scaling.maxbehavior", "honor");
        if (!behavior.equals("honor") && !behavior.equals("increase")) {
            c.problem("scaling.maxbehavior=" + behavior + " is not honor or increase");
        }
        int buffer = c.integer("scaling.maxbuffer", 0, 0, 100);
        double target = c.number("scaling.target", 0.7, 0.01, 1);
        double scaleIn = c.number("scaling.scalein", 0.35, 0, 1);
        if (scaleIn >= target) {
            c.problem("scaling.scalein=" + scaleIn + " must be below scaling.target=" + target + " (else it flaps)");
        }
        double confidence = c.number("scaling.confidence", 0.8, 0.01, 0.99);
        Duration scheduleBuffer = c.duration("scaling.buffer", Duration.ofMinutes(10));
        Duration stabilization = c.duration("scaling.stabilization", Duration.ofMinutes(30));
        Duration scaleOutCooldown = c.duration("scaling.cooldown", Duration.ofMinutes(5));
        Duration scaleInCooldown = c.duration("scaling.scaleincooldown", Duration.ofMinutes(15));
        boolean dryRun = c.flag("scaling.dryrun", dryRunByDefault);
        String response = c.text("anomaly.response", "hold-scale-in");
        if (!response.matches("none|hold-scale-in|add-capacity")) {
            c.problem("anomaly.response=" + response + " is not none, hold-scale-in or add-capacity");
        }
        int extra = c.integer("anomaly.extra", 50, 1, 1000);
        String severity = c.text("anomaly.severity", "medium");
        if (!severity.matches("medium|high")) {
            c.problem("anomaly.severity=" + severity + " is not medium or high");
        }
        double threshold = c.number("anomaly.threshold", FleetWatch.Settings.DEFAULTS.threshold(), 0.01, 0.99);
        Duration window = c.duration("anomaly.window", FleetWatch.Settings.DEFAULTS.window());
        Duration quiet = c.duration("anomaly.quiet", FleetWatch.Settings.DEFAULTS.quiet());
        Duration longest = c.duration("anomaly.longest", FleetWatch.Settings.DEFAULTS.longest());
        Duration hold = c.duration("anomaly.hold", AnomalyRule.DEFAULT.holdAfter());
        Duration interval = c.duration("controller.interval", Duration.ofMinutes(1));
        if (!c.problems().isEmpty()) {
            return ResilienceRehearsal.Loop.defaults(); // the caller's check() reports the problems
        }
        return new ResilienceRehearsal.Loop(new ScalingPolicy(target, confidence, scheduleBuffer, scaleIn,
                stabilization, scaleOutCooldown, scaleInCooldown, new Bounds(min, max, behavior.equals("honor")
                ? Bounds.MaxCapacityBehavior.HONOR : Bounds.MaxCapacityBehavior.INCREASE, buffer),
                SurgeTiers.DEFAULTS, dryRun),
                new AnomalyRule(AnomalyRule.Response.valueOf(response.toUpperCase().replace('-', '_')),
                        AnomalyEvent.Severity.valueOf(severity.toUpperCase()), extra, hold),
                new FleetWatch.Settings(window, threshold, quiet, longest), interval);
    }
}
