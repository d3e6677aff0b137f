package dev.prescale.scaling;

import java.time.Instant;

/**
 * Carries capacity changes out on a provider. Every method is idempotent: asking for the capacity a group already
 * has makes no change call, and a scheduled action has a name derived from its time, so putting it again replaces it.
 * Implementations: EC2 Auto Scaling groups and Application Auto Scaling targets ({@code scaling.aws}).
 */
public interface Scaler {

    /** Short provider name for the record ({@code ec2-autoscaling}, {@code application-autoscaling}). */
    String provider();

    /** The group's capacity now. */
    Capacity describe(String group);

    /**
     * Sets the group's capacity now, raising its max to {@code newMax} first when {@code newMax} is above it.
     *
     * @return true when a change call was made, false when the group already had that capacity
     */
    boolean setCapacity(String group, int desired, int newMax);

    /** Has the group at {@code desired} (and max at least {@code newMax}) from {@code at} on: pre-event capacity. */
    void schedule(String group, Instant at, int desired, int newMax);
}
