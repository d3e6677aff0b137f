package dev.prescale.replay;

/**
 * Replays a demand trace minute by minute through a {@link Fleet} run by a policy, and totals violation-minutes,
 * instance-hours and changes.
 */
public final class CapacitySimulator {

    /** One policy's replay: violation-minutes, instance-hours, and how many times it changed capacity. */
    public record Result(String policy, int minutes, int violationMinutes, double instanceHours, int changes) {
    }

    private CapacitySimulator() {
    }

    /**
     * @param demandRps requests/s of each minute; NaN marks a minute outside the record (a gap, an outage): served as
     *                  no traffic, neither scored nor paid for
     * @param from      first minute replayed (earlier minutes are history the policy may read)
     */
    public static Result run(double[] demandRps, int from, ReplaySettings settings, ReplayPolicy policy) {
        return simulate(demandRps, from, settings, policy, null, null, Faults.NONE, null);
    }

    /**
     * As {@link #run(double[], int, ReplaySettings, ReplayPolicy)}, also marking in {@code violated} (index 0 is minute
     * {@code from}, at least as long as the replay) the minutes the policy violated in.
     */
    public static Result run(double[] demandRps, int from, ReplaySettings settings, ReplayPolicy policy,
                             boolean[] violated) {
        return simulate(demandRps, from, settings, policy, null, violated, Faults.NONE, null);
    }

    /**
     * As {@link #run(double[], int, ReplaySettings, ReplayPolicy, boolean[])} under {@code faults}, telling
     * {@code outcome} (when not null) what each minute did: how a learner in the simulator sees its rewards.
     */
    public static Result run(double[] demandRps, int from, ReplaySettings settings, ReplayPolicy policy,
                             boolean[] violated, Faults faults, java.util.function.Consumer<Fleet.Minute> outcome) {
        return simulate(demandRps, from, settings, policy, null, violated, faults, outcome);
    }

    /**
     * The capacity the policy wanted in each minute from {@code from} on (index 0 is minute {@code from}): what a
     * controller running the same policy must have asked its cloud for, minute by minute.
     */
    public static int[] timeline(double[] demandRps, int from, ReplaySettings settings, ReplayPolicy policy) {
        int[] desired = new int[Math.max(0, demandRps.length - from)];
        simulate(demandRps, from, settings, policy, desired, null, Faults.NONE, null);
        return desired;
    }

    /**
     * The fleet every policy starts from: sized for the minute before at the target, and enough for the first
     * warm-up's minutes at the violation level, which no policy could change in time.
     */
    public static int initialFleet(double[] demandRps, int from, ReplaySettings settings) {
        double[] demand = zeroForMissing(demandRps);
        int initial = settings.instancesFor(from > 0 ? demand[from - 1] : demand[0]);
        for (int m = from; m < Math.min(demand.length, from + settings.warmUpMinutes()); m++) {
            initial = Math.max(initial, settings.instancesFor(demand[m], settings.violationUtilization()));
        }
        return initial;
    }

    private static double[] zeroForMissing(double[] demandRps) {
        double[] demand = demandRps.clone();
        for (int i = 0; i < demand.length; i++) {
            demand[i] = Double.isNaN(demand[i]) ? 0 : demand[i];
        }
        return demand;
    }

    private static Result simulate(double[] demandRps, int from, ReplaySettings settings, ReplayPolicy policy,
                                   int[] desiredOut, boolean[] violatedOut, Faults faults,
                                   java.util.function.Consumer<Fleet.Minute> outcome) {
        Fleet fleet = new Fleet(demandRps, from, settings);
        int violations = 0;
        double instanceMinutes = 0;
        int changes = 0;
        int minutes = 0;
        while (!fleet.done()) {
            int m = fleet.minute();
            int desired = Math.max(settings.minInstances(), Math.min(settings.maxInstances(),
                    policy.desired(fleet.view())));
            if (desiredOut != null) {
                desiredOut[m - from] = desired;
            }
            fleet.drain(policy.drain(fleet.view()));
            fleet.faults(faults.lost(m), faults.slowdown(m));
            Fleet.Minute done = fleet.step(desired);
            if (outcome != null) {
                outcome.accept(done);
            }
            changes += done.changed() ? 1 : 0;
            if (done.scored()) {
                minutes++;
                violations += done.violated() ? 1 : 0;
                if (violatedOut != null) {
                    violatedOut[m - from] = done.violated();
                }
                instanceMinutes += done.paid();
            }
        }
        return new Result(policy.name(), minutes, violations, instanceMinutes / 60.0, changes);
    }
}
