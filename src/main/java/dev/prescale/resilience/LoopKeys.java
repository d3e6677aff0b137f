package dev.prescale.resilience;

import dev.prescale.anomaly.AnomalyEvent;
import dev.prescale.anomaly.FleetWatch;
import dev.prescale.config.CliConfig;
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

    private LoopKeys() {
    }

    /**
     * @param dryRunByDefault what {@code scaling.dryrun} is when unset
     * @param maxByDefault    what {@code scaling.max} is when unset, or null when it must be set
     */
    public static ResilienceRehearsal.Loop read(CliConfig c, boolean dryRunByDefault, Integer maxByDefault) {
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
