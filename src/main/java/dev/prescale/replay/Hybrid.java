package dev.prescale.replay;

/**
 * Predictive and reactive together, as AWS runs predictive scaling beside dynamic scaling: the predictive policy sets
 * a floor ahead of the ramps its forecast sees (in production, scheduled minimum capacity), reactive target tracking
 * runs above it on observed utilization, and the fleet gets the higher of the two. The forecast buys the ramps it sees
 * coming; target tracking catches what it does not see, and scale-in needs both to agree.
 */
public final class Hybrid implements ReplayPolicy {

    private final ReplayPolicy floor;
    private final TargetTracking reactive;
    private final String name;

    public Hybrid(ReplayPolicy floor, TargetTracking reactive) {
        this.floor = floor;
        this.reactive = reactive;
        this.name = "hybrid: " + floor.name() + " + " + reactive.name();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int desired(FleetView view) {
        return Math.max(floor.desired(view), reactive.desired(view));
    }
}
