package dev.prescale.learn;

import dev.prescale.scaling.Bounds;

/**
 * What every learned action passes before it reaches the fleet, as the hand-written policy's decisions do: the
 * bounds ({@link Bounds#clamp}), a scale-in cooldown after any scale-out, and large scale-ins taken in canary-sized
 * steps (at most {@code canaryStep} of the fleet a minute, the canary orchestrator's step), so a wrong guess shrinks
 * the fleet slowly enough for the next minute's health to stop it. Scale-outs are never held (an unneeded instance
 * costs money, a missing one costs the SLO) but never go past {@link #HEADROOM_LIMIT} times what the forecast's high
 * quantile needs: a learned policy that keeps adding would otherwise grow the fleet to the bounds (measured: one did,
 * to 40x the oracle's cost on a week of tweets), the way AWS predictive scaling caps its buffer above the forecast.
 */
final class Guard {

    /** The most a learned policy may run, as a multiple of the fleet the forecast's high quantile needs. */
    static final double HEADROOM_LIMIT = 2.0;

    private final Bounds bounds;
    private final int scaleInCooldown;
    private final double canaryStep;
    private int lastScaleOut = Integer.MIN_VALUE / 2;
    private long held;

    /**
     * @param scaleInCooldown minutes after a scale-out before a scale-in
     * @param canaryStep      largest share of the fleet removed in one minute, in (0, 1]
     */
    Guard(Bounds bounds, int scaleInCooldown, double canaryStep) {
        this.bounds = bounds;
        this.scaleInCooldown = scaleInCooldown;
        this.canaryStep = canaryStep;
    }

    /**
     * The capacity that may be asked for at {@code minute}, given {@code current}, what the policy wants and the fleet
     * the forecast's high quantile needs ({@code forecast}; 0 when there is none).
     */
    int apply(int current, int wanted, int forecast, int minute) {
        int target = bounds.clamp(wanted);
        if (forecast > 0 && target > HEADROOM_LIMIT * forecast + 1) {
            held++;
            target = bounds.clamp(Math.max(HEADROOM_LIMIT * forecast + 1, Math.min(current, target)));
            if (target >= current) {
                return target;
            }
        }
        if (target > current) {
            lastScaleOut = minute;
            return target;
        }
        if (target < current) {
            if (minute - lastScaleOut < scaleInCooldown) {
                held++;
                return bounds.clamp(current);
            }
            int largest = Math.max(1, (int) Math.floor(current * canaryStep));
            if (current - target > largest) {
                held++;
                return bounds.clamp(current - largest);
            }
        }
        return target;
    }

    /** Actions the guard held back or staged. */
    long held() {
        return held;
    }
}
