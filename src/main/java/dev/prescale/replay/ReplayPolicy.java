package dev.prescale.replay;

/** A way of choosing capacity minute by minute: reactive target tracking, Prescale's predictive policy, the oracle. */
public interface ReplayPolicy {

    String name();

    /** Desired instance count from this minute on. */
    int desired(FleetView view);
}
