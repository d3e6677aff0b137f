package dev.prescale.replay;

import java.util.ArrayList;
import java.util.List;

/**
 * Replays a demand trace minute by minute through a fleet run by a policy: launched instances serve after the
 * warm-up, removed instances go at once (warming ones first), every instance counts towards cost from launch. A minute
 * is a violation when the serving instances run above the violation utilization (or none serves while demand
 * arrives). Minutes outside the record (NaN) are neither scored nor paid for.
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
        return simulate(demandRps, from, settings, policy, null, null);
    }

    /**
     * As {@link #run(double[], int, ReplaySettings, ReplayPolicy)}, also marking in {@code violated} (index 0 is minute
     * {@code from}, at least as long as the replay) the minutes the policy violated in.
     */
    public static Result run(double[] demandRps, int from, ReplaySettings settings, ReplayPolicy policy,
                             boolean[] violated) {
        return simulate(demandRps, from, settings, policy, null, violated);
    }

    /**
     * The capacity the policy wanted in each minute from {@code from} on (index 0 is minute {@code from}): what a
     * controller running the same policy must have asked its cloud for, minute by minute.
     */
    public static int[] timeline(double[] demandRps, int from, ReplaySettings settings, ReplayPolicy policy) {
        int[] desired = new int[Math.max(0, demandRps.length - from)];
        simulate(demandRps, from, settings, policy, desired, null);
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
                                   int[] desiredOut, boolean[] violatedOut) {
        double[] demand = demandRps.clone();
        boolean[] scored = new boolean[demand.length];
        for (int i = 0; i < demand.length; i++) {
            scored[i] = !Double.isNaN(demand[i]);
            demand[i] = scored[i] ? demand[i] : 0;
        }
        FleetView view = new FleetView(demand, demandRps, settings);
        List<Integer> readyAt = new ArrayList<>(); // one entry per instance: the minute it serves from
        int initial = initialFleet(demandRps, from, settings);
        for (int i = 0; i < initial; i++) {
            readyAt.add(0);
        }
        // history before the replay: served by a fleet sized to each minute, so utilization history exists
        for (int m = 0; m < from; m++) {
            int ready = settings.instancesFor(demand[m]);
            view.served(m, demand[m] / (ready * settings.capacityPerInstance()), ready);
        }
        int violations = 0;
        long instanceMinutes = 0;
        int changes = 0;
        int minutes = 0;
        for (int m = from; m < demand.length; m++) {
            int ready = ready(readyAt, m);
            view.advance(m, readyAt.size(), ready);
            int desired = Math.max(settings.minInstances(), Math.min(settings.maxInstances(), policy.desired(view)));
            if (desired != readyAt.size()) {
                changes++;
            }
            if (desiredOut != null) {
                desiredOut[m - from] = desired;
            }
            while (readyAt.size() < desired) {
                readyAt.add(m + settings.warmUpMinutes());
            }
            while (readyAt.size() > desired) {
                readyAt.remove(readyAt.size() - 1); // newest first: the warming ones
            }
            ready = ready(readyAt, m);
            double utilization = ready == 0 ? (demand[m] > 0 ? Double.POSITIVE_INFINITY : 0)
                    : demand[m] / (ready * settings.capacityPerInstance());
            if (scored[m]) {
                minutes++;
                // with a hair of tolerance: 25 requests over 5 instances of 5 is full, not a rounding error over
                boolean violated = utilization > settings.violationUtilization() + 1e-9;
                violations += violated ? 1 : 0;
                if (violatedOut != null) {
                    violatedOut[m - from] = violated;
                }
                instanceMinutes += readyAt.size(); // paid: serving and warming
            }
            view.served(m, Math.min(utilization, 1.0), ready);
        }
        return new Result(policy.name(), minutes, violations, instanceMinutes / 60.0, changes);
    }

    private static int ready(List<Integer> readyAt, int minute) {
        int ready = 0;
        for (int at : readyAt) {
            if (at <= minute) {
                ready++;
            }
        }
        return ready;
    }
}
