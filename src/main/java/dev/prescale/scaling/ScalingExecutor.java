package dev.prescale.scaling;

import dev.prescale.store.TimeSeriesStore;

import java.time.Clock;
import java.time.Instant;

/**
 * Carries decisions out and records every one in the store ({@code scaling_action}), acted on or not. In dry-run
 * (forecast-only) mode, and for a decision made in dry-run, it records and calls nothing.
 */
public final class ScalingExecutor {

    /** What became of a decision. */
    public enum Outcome {
        /** Recorded only: dry-run, or a hold. */
        RECORDED,
        /** The group already had that capacity; no change call was made. */
        ALREADY_THERE,
        /** Capacity changed now. */
        APPLIED,
        /** A scheduled action will set it at the decision's effective time. */
        SCHEDULED
    }

    /**
     * A change wanted sooner than this is made now rather than scheduled: AWS refuses a scheduled action whose start
     * has passed by the time the call arrives.
     */
    static final java.time.Duration MIN_SCHEDULE_LEAD = java.time.Duration.ofSeconds(2);

    private final Scaler scaler;
    private final TimeSeriesStore store;
    private final Clock clock;
    private final boolean dryRun;

    public ScalingExecutor(Scaler scaler, TimeSeriesStore store, Clock clock, boolean dryRun) {
        this.scaler = scaler;
        this.store = store;
        this.clock = clock;
        this.dryRun = dryRun;
    }

    /**
     * @throws ScalingException when the provider refuses (the decision is still recorded, with the error as reason)
     */
    public Outcome apply(ScalingDecision decision) {
        if (dryRun && !decision.dryRun()) {
            decision = asDryRun(decision);
        }
        if (decision.dryRun() || !decision.changes()) {
            store.write(decision.toPoint(scaler.provider()));
            return Outcome.RECORDED;
        }
        Instant now = clock.instant();
        try {
            Outcome outcome;
            if (decision.scheduledAfter(now.plus(MIN_SCHEDULE_LEAD))) {
                scaler.schedule(decision.group(), decision.effectiveAt(), decision.to(), decision.newMax());
                outcome = Outcome.SCHEDULED;
            } else {
                outcome = scaler.setCapacity(decision.group(), decision.to(), decision.newMax()) ? Outcome.APPLIED
                        : Outcome.ALREADY_THERE;
            }
            store.write(decision.toPoint(scaler.provider()));
            return outcome;
        } catch (ScalingException e) {
            store.write(new ScalingDecision(decision.time(), decision.group(), decision.action(), decision.from(),
                    decision.from(), -1, decision.effectiveAt(), "failed", decision.reason() + "; NOT APPLIED: "
                    + e.getMessage(), decision.forecastRef(), false).toPoint(scaler.provider()));
            throw e;
        }
    }

    private static ScalingDecision asDryRun(ScalingDecision d) {
        return new ScalingDecision(d.time(), d.group(), d.action(), d.from(), d.to(), d.newMax(), d.effectiveAt(),
                d.rule(), d.reason(), d.forecastRef(), true);
    }
}
