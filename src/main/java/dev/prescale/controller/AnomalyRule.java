package dev.prescale.controller;

import dev.prescale.anomaly.AnomalyEvent;
import dev.prescale.scaling.Bounds;
import dev.prescale.scaling.Capacity;
import dev.prescale.scaling.ScalingDecision;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What the loop does when an anomaly is going on (seed 000: reallocate when anomalies appear). A fleet that is
 * misbehaving is no fleet to shrink, whatever the forecast says; and some teams would rather buy headroom at once than
 * wait for the forecast to notice. Never beyond the policy's bounds, and once per event: a restarted controller finds
 * its earlier anomaly scale-out in the store.
 *
 * @param response   what to do
 * @param atLeast    the least severity that counts
 * @param extraPercent with {@link Response#ADD_CAPACITY}: how much capacity to add, in percent of the current (at
 *                   least one instance)
 * @param holdAfter  how long after an event ended it still counts
 */
public record AnomalyRule(Response response, AnomalyEvent.Severity atLeast, int extraPercent, Duration holdAfter) {

    /** What to do about an anomaly. */
    public enum Response {
        /** Record it, change nothing. */
        NONE,
        /** Hold any scale-in while it lasts. */
        HOLD_SCALE_IN,
        /** Hold scale-in and add {@code extraPercent} capacity at its start. */
        ADD_CAPACITY
    }

    public static final String RULE = "anomaly";

    /** Hold scale-in during any anomaly and for 15 minutes after. */
    public static final AnomalyRule DEFAULT = new AnomalyRule(Response.HOLD_SCALE_IN, AnomalyEvent.Severity.MEDIUM, 0,
            Duration.ofMinutes(15));

    public AnomalyRule {
        if (response == null || atLeast == null || holdAfter == null || holdAfter.isNegative()) {
            throw new IllegalArgumentException("an anomaly rule needs a response, a severity and a hold time of zero "
                    + "or more");
        }
        if (response == Response.ADD_CAPACITY && (extraPercent < 1 || extraPercent > 1000)) {
            throw new IllegalArgumentException("add-capacity needs an extra percentage in 1..1000, but had "
                    + extraPercent);
        }
    }

    /**
     * The decision adjusted for the anomalies going on.
     *
     * @param events             events known to the loop (older or milder ones are ignored here)
     * @param lastAnomalyScaleOut when this rule last added capacity, or null
     */
    public ScalingDecision apply(ScalingDecision decision, List<AnomalyEvent> events, Capacity capacity,
                                 Bounds bounds, Instant lastAnomalyScaleOut, Instant now) {
        List<AnomalyEvent> counting = events.stream().filter(e -> e.severity().compareTo(atLeast) >= 0)
                .filter(e -> e.open() || !e.end().plus(holdAfter).isBefore(now)).toList();
        if (response == Response.NONE || counting.isEmpty()) {
            return decision;
        }
        AnomalyEvent worst = counting.stream().max((a, b) -> Double.compare(a.score(), b.score())).orElseThrow();
        String what = String.format(Locale.ROOT, "%s anomaly in %s of %s since %s (score %.2f, %s)",
                worst.severity().label(), String.join("+", worst.metrics()), worst.series(), worst.start(),
                worst.score(), worst.open() ? "ongoing" : "ended " + worst.end());
        if (response == Response.ADD_CAPACITY) {
            AnomalyEvent fresh = counting.stream().filter(AnomalyEvent::open)
                    .filter(e -> lastAnomalyScaleOut == null || e.start().isAfter(lastAnomalyScaleOut))
                    .findFirst().orElse(null);
            int from = decision.from();
            int to = bounds.clamp(from + Math.max(1, Math.ceil(from * extraPercent / 100.0)));
            if (fresh != null && to > from && !(decision.action() == ScalingDecision.Action.SCALE_OUT
                    && decision.to() >= to)) {
                return new ScalingDecision(decision.time(), decision.group(), ScalingDecision.Action.SCALE_OUT, from,
                        to, to > capacity.max() ? to : -1, now, RULE, what + ": adding " + extraPercent + "%, "
                        + from + " -> " + to + (to < from + Math.ceil(from * extraPercent / 100.0)
                        ? " (capped at the ceiling " + bounds.ceiling() + ")" : "") + "; the policy said: "
                        + decision.reason(), decision.forecastRef(), decision.dryRun());
            }
        }
        if (decision.action() == ScalingDecision.Action.SCALE_IN) {
            return new ScalingDecision(decision.time(), decision.group(), ScalingDecision.Action.HOLD, decision.from(),
                    decision.from(), -1, decision.time(), RULE, "scale-in held: " + what + " (the policy said: "
                    + decision.reason() + ")", decision.forecastRef(), decision.dryRun());
        }
        return decision;
    }
}
