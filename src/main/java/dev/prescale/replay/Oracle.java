package dev.prescale.replay;

/**
 * Perfect foresight: knows every minute's demand in advance and launches, a warm-up ahead, exactly what each minute
 * needs to stay at the violation level. Knowing the future it needs no headroom, so it is the least capacity that
 * never violates: the floor the others are measured against.
 */
public final class Oracle implements ReplayPolicy {

    private final double[] demandRps;

    public Oracle(double[] demandRps) {
        this.demandRps = demandRps.clone();
    }

    @Override
    public String name() {
        return "oracle (perfect foresight)";
    }

    @Override
    public int desired(FleetView view) {
        ReplaySettings s = view.settings();
        // what must be serving from now until a warm-up ahead: instances launched now serve then
        int needed = s.minInstances();
        for (int m = view.minute(); m <= Math.min(demandRps.length - 1, view.minute() + s.warmUpMinutes()); m++) {
            needed = Math.max(needed, s.instancesFor(Double.isNaN(demandRps[m]) ? 0 : demandRps[m],
                    s.violationUtilization()));
        }
        return needed;
    }
}
