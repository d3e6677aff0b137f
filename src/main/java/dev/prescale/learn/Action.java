package dev.prescale.learn;

/**
 * What the learned policy can choose at each decision: a sizing rule it then follows every minute until the next
 * decision (capacity steps, following the minute-peak forecast with more or less headroom, provisioning ahead of its
 * high quantile), or a configuration change (the balancer's weight on a slow instance) that keeps the rule in force.
 */
public enum Action {
    /** Keep the capacity. */
    HOLD,
    /** A quarter more at once, at least two, then hold. */
    ADD_STEP,
    /** One instance fewer at once, then hold. */
    REMOVE_ONE,
    /** Every minute, the fleet the forecast's busiest minute ahead needs at the 99.5th percentile. */
    PROVISION_AHEAD,
    /** Every minute, the fleet the forecast's busiest minute ahead needs at the 98th percentile. */
    FOLLOW_FORECAST,
    /** Every minute, that fleet with 15% headroom. */
    FOLLOW_WITH_HEADROOM,
    /** Balancer weight 0 on the slow instance (the sizing rule stays). */
    DRAIN,
    /** Balancer weight back on every instance (the sizing rule stays). */
    UNDRAIN;

    /** True for the configuration changes, which leave the sizing rule as it was. */
    boolean configures() {
        return this == DRAIN || this == UNDRAIN;
    }

    /**
     * The capacity this rule asks for in a minute, from the current one and the forecast's two sizes; {@code first}
     * in the minute it was chosen (the one-off steps act then and hold after).
     */
    int capacity(int current, int ahead, int follow, boolean first) {
        return switch (this) {
            case ADD_STEP -> first ? current + Math.max(2, (int) Math.ceil(current * 0.25)) : current;
            case REMOVE_ONE -> first ? current - 1 : current;
            case PROVISION_AHEAD -> ahead;
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
