package dev.prescale.scaling;

import dev.prescale.store.Point;

import java.time.Instant;

/**
 * One decision of a {@link ScalingPolicy}, with its reason. {@code to} is the desired capacity; when it is above the
 * group's max, {@code newMax} is the max to set first (else -1). {@code effectiveAt} is when the capacity must be
 * there: now, or a scheduled time before a predicted surge.
 *
 * @param rule        the rule that decided: {@code threshold}, {@code scale-in}, {@code bounds}, {@code cooldown},
 *                    {@code hold}, {@code canary-step}, {@code canary-rollback}
 * @param forecastRef which forecast it rests on (model and run), or empty
 * @param dryRun      forecast-only mode: recorded, never acted on
 */
public record ScalingDecision(Instant time, String group, Action action, int from, int to, int newMax,
                              Instant effectiveAt, String rule, String reason, String forecastRef, boolean dryRun) {

    /** Which way capacity goes. */
    public enum Action {SCALE_OUT, SCALE_IN, HOLD}

    /** True when carrying it out changes something. */
    public boolean changes() {
        return action != Action.HOLD;
    }

    /** True when the capacity is wanted later than {@code now}: a scheduled action, not an immediate one. */
    public boolean scheduledAfter(Instant now) {
        return effectiveAt.isAfter(now);
    }

    /** The decision as a {@code scaling_action} point (profile-db/SCHEMA.md). */
    public Point toPoint(String provider) {
        return Point.of("scaling_action", time).tag("group", group).tag("provider", provider)
                .tag("mode", dryRun ? "dry-run" : "live").tag("rule", rule)
                .field("action", action.name().toLowerCase().replace('_', '-'))
                .field("from_capacity", (long) from).field("to_capacity", (long) to)
                .field("new_max", newMax < 0 ? null : (long) newMax)
                .field("effective_at", effectiveAt.toString()).field("reason", reason)
                .field("forecast_ref", forecastRef).build();
    }
}
