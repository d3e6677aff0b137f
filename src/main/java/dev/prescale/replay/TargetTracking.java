package dev.prescale.replay;

/**
 * Reactive target tracking as AWS runs it: the metric is average utilization, seen {@code metricLag} minutes late;
 * three minutes above target scale out to {@code ceil(serving x utilization / target)}; fifteen minutes below 90% of
 * the target scale in the same way. New instances are not counted until they serve, so the policy does not add
 * capacity twice for one overload while instances warm up.
 */
public final class TargetTracking implements ReplayPolicy {

    private static final int SCALE_OUT_POINTS = 3;
    private static final int SCALE_IN_POINTS = 15;

    static final String NAME = "reactive target tracking";

    private final double target;
    private int lastActionMinute = Integer.MIN_VALUE;
    private int own = -1; // what this policy wants, which a floor beneath it may raise (see Hybrid)

    /** @param target the utilization it holds, 0..1 (the EC2 Auto Scaling console proposes 50% CPU) */
    public TargetTracking(double target) {
        if (!(target > 0 && target < 1)) {
            throw new IllegalArgumentException("target tracking needs a target between 0 and 1, but had " + target);
        }
        this.target = target;
    }

    @Override
    public String name() {
        return String.format(java.util.Locale.ROOT, "%s @%.0f%%", NAME, target * 100);
    }

    @Override
    public int desired(FleetView view) {
        if (own < 0) {
            own = view.desired();
        }
        own = decide(view);
        return own;
    }

    private int decide(FleetView view) {
        int latest = view.latestVisible();
        if (latest < SCALE_IN_POINTS) {
            return own;
        }
        boolean high = true;
        for (int m = latest - SCALE_OUT_POINTS + 1; m <= latest; m++) {
            high &= view.utilization(m) > target && m > lastActionMinute;
        }
        if (high) {
            int wanted = (int) Math.ceil(view.readyAt(latest) * view.utilization(latest) / target);
            if (wanted > own) {
                lastActionMinute = view.minute();
                return wanted;
            }
            return own;
        }
        boolean low = true;
        for (int m = latest - SCALE_IN_POINTS + 1; m <= latest; m++) {
            low &= view.utilization(m) < 0.9 * target && m > lastActionMinute;
        }
        if (low) {
            int wanted = (int) Math.max(1, Math.ceil(view.readyAt(latest) * view.utilization(latest) / target));
            if (wanted < own) {
                lastActionMinute = view.minute();
                return wanted;
            }
        }
        return own;
    }
}
