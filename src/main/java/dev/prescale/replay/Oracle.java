package dev.prescale.replay;

/**
 * Perfect foresight: knows every minute's demand in advance and launches, a warm-up ahead, exactly what the coming
 * minutes need to stay at the violation level. Knowing the future it needs no headroom.
 *
 * <p>With a step of one minute ({@code oracle}) capacity follows every minute: the least capacity that never violates,
 * the floor every policy is measured against. With a step of five ({@code oracle-5m}) capacity changes only every five
 * minutes, the cost any real fleet must pay at the least, since no fleet can chase per-minute noise. Either way the
 * rule is the same: at a decision, capacity may be removed at once but added only a warm-up later, so what is set must
 * cover every minute from now until the next decision's additions serve, and the least such count is chosen.
 */
public final class Oracle implements ReplayPolicy {

    private final double[] demandRps;
    private final int stepMinutes;
    private int firstMinute = -1;

    /** The per-minute oracle. */
    public Oracle(double[] demandRps) {
        this(demandRps, 1);
    }

    /** @param stepMinutes capacity changes only every this many minutes of the replay */
    public Oracle(double[] demandRps, int stepMinutes) {
        if (stepMinutes < 1) {
            throw new IllegalArgumentException("an oracle changes capacity every 1 or more minutes, not "
                    + stepMinutes);
        }
        this.demandRps = demandRps.clone();
        this.stepMinutes = stepMinutes;
    }

    @Override
    public String name() {
        return stepMinutes == 1 ? "oracle" : "oracle-" + stepMinutes + "m";
    }

    @Override
    public int desired(FleetView view) {
        if (firstMinute < 0) {
            firstMinute = view.minute();
        }
        if ((view.minute() - firstMinute) % stepMinutes != 0) {
            return view.desired();
        }
        ReplaySettings s = view.settings();
        // serving now until this decision's launches serve, and those until the next decision's launches serve
        int needed = s.minInstances();
        int last = Math.min(demandRps.length - 1, view.minute() + stepMinutes - 1 + s.warmUpMinutes());
        for (int m = view.minute(); m <= last; m++) {
            needed = Math.max(needed, s.instancesFor(Double.isNaN(demandRps[m]) ? 0 : demandRps[m],
                    s.violationUtilization()));
        }
        return needed;
    }
}
