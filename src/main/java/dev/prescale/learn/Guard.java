package dev.prescale.learn;

import dev.prescale.scaling.Bounds;

/**
 * What every learned action passes before it reaches the fleet, as the hand-written policy's decisions do: the
 * bounds ({@link Bounds#clamp}), a scale-in cooldown after any scale-out, and large scale-ins taken in canary-sized
 * steps (at most {@code canaryStep} of the fleet a minute, the canary orchestrator's step), so a wrong guess shrinks
 * the fleet slowly enough for the next minute's health to stop it. Scale-outs are never held: an unneeded instance
 * costs money, a missing one costs the SLO.
 */
final class Guard {

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

    /** The capacity that may be asked for at {@code minute}, given {@code current} and what the policy wants. */
    int apply(int current, int wanted, int minute) {
        int target = bounds.clamp(wanted);
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
