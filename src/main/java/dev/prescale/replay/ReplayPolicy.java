package dev.prescale.replay;

/** A way of choosing capacity minute by minute: reactive target tracking, Prescale's predictive policy, the oracle. */
public interface ReplayPolicy {

    String name();

    /** Desired instance count from this minute on. */
    int desired(FleetView view);

    /**
     * Asked after {@link #desired} each minute: whether the balancer should send nothing to a slow instance (a
     * configuration change, not a capacity one). The hand-written policies never drain.
     */
    default boolean drain(FleetView view) {
        return view.drained();
    }
}
