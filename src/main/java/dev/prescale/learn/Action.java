package dev.prescale.learn;

/**
 * What the learned policy can do each minute: capacity steps, provisioning ahead of what the minute-peak forecast
 * sees coming, and one configuration change (the balancer's weight on a slow instance).
 */
public enum Action {
    /** Keep the capacity. */
    HOLD,
    /** A quarter more, at least two. */
    ADD_STEP,
    /** One instance fewer. */
    REMOVE_ONE,
    /** At least the fleet the forecast's busiest minute ahead needs at the 99.5th percentile. */
    PROVISION_AHEAD,
    /** Exactly the fleet the forecast's busiest minute ahead needs at the 98th percentile (up or down). */
    FOLLOW_FORECAST,
    /** That fleet with 15% headroom (up or down). */
    FOLLOW_WITH_HEADROOM,
    /** Balancer weight 0 on the slow instance. */
    DRAIN,
    /** Balancer weight back on every instance. */
    UNDRAIN;

    /** The capacity this action asks for, from the current one and the forecast's two sizes. */
    int capacity(int current, int ahead, int follow) {
        return switch (this) {
            case ADD_STEP -> current + Math.max(2, (int) Math.ceil(current * 0.25));
            case REMOVE_ONE -> current - 1;
            case PROVISION_AHEAD -> Math.max(current, ahead);
            case FOLLOW_FORECAST -> follow;
            case FOLLOW_WITH_HEADROOM -> (int) Math.ceil(follow * 1.15);
            default -> current;
        };
    }

    /** Whether the balancer drains the slow instance after this action, given whether it did before. */
    boolean drains(boolean drained) {
        return this == DRAIN || this != UNDRAIN && drained;
    }
}
