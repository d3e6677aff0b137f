package dev.prescale.replay;

import java.util.ArrayList;
import java.util.List;

/**
 * The capacity simulator's fleet, one minute at a time: at the start of each minute a policy reads {@link #view()}
 * and asks for a capacity with {@link #step}; launched instances serve after the warm-up, removed instances go at once
 * (warming ones first), every instance counts towards cost from launch. A minute is a violation when the busiest
 * serving instance runs above the violation utilization (or none serves while demand arrives). Minutes outside the
 * record (NaN) are neither scored nor paid for.
 *
 * <p>Faults the issue simulator's types map to capacity (a crash takes serving instances away; a slowdown makes one
 * instance serve {@code factor} times slower, and an even balancer sends it as much as the others) can be set for the
 * coming minute with {@link #faults}; a policy may {@link #drain} the slow instance (balancer weight 0), which then
 * carries nothing and its capacity is lost instead.
 */
public final class Fleet {

    /**
     * What one minute did.
     *
     * @param violated    scored and above the violation utilization
     * @param paid        instances paid for this minute (serving and warming; 0 when not scored)
     * @param utilization the fleet's average utilization as a metric reports it, capped at 1
     * @param changed     the capacity asked for differed from the fleet's
     */
    public record Minute(int minute, boolean scored, boolean violated, int paid, int ready, double utilization,
                         boolean changed) {
    }

    private final double[] demand;
    private final boolean[] scored;
    private final ReplaySettings settings;
    private final FleetView view;
    private final List<Integer> readyAt = new ArrayList<>(); // one entry per instance: the minute it serves from
    private int minute;
    private int lost;
    private double slowFactor = 1;
    private boolean drained;

    /**
     * @param demandRps requests/s of each minute; NaN marks a minute outside the record
     * @param from      first minute stepped (earlier minutes are history, served by a fleet sized to each minute)
     */
    public Fleet(double[] demandRps, int from, ReplaySettings settings) {
        this.demand = demandRps.clone();
        this.scored = new boolean[demand.length];
        for (int i = 0; i < demand.length; i++) {
            scored[i] = !Double.isNaN(demand[i]);
            demand[i] = scored[i] ? demand[i] : 0;
        }
        this.settings = settings;
        this.view = new FleetView(demand, demandRps, settings);
        int initial = CapacitySimulator.initialFleet(demandRps, from, settings);
        for (int i = 0; i < initial; i++) {
            readyAt.add(0);
        }
        for (int m = 0; m < from; m++) {
            int ready = settings.instancesFor(demand[m]);
            view.served(m, demand[m] / (ready * settings.capacityPerInstance()), ready);
        }
        this.minute = from;
        if (minute < demand.length) {
            view.advance(minute, readyAt.size(), ready());
        }
    }

    /** What a policy may see before deciding the current minute. */
    public FleetView view() {
        return view;
    }

    public ReplaySettings settings() {
        return settings;
    }

    /** True when every minute has been stepped. */
    public boolean done() {
        return minute >= demand.length;
    }

    /** The minute the next {@link #step} decides. */
    public int minute() {
        return minute;
    }

    /** Instances launched, serving or warming. */
    public int size() {
        return readyAt.size();
    }

    /** Instances serving in the current minute, before faults. */
    public int ready() {
        int ready = 0;
        for (int at : readyAt) {
            if (at <= minute) {
                ready++;
            }
        }
        return ready;
    }

    /** Faults for the coming minute: serving instances lost, and one instance this many times slower (1: none). */
    public void faults(int lostInstances, double slowdown) {
        this.lost = Math.max(0, lostInstances);
        this.slowFactor = Math.max(1, slowdown);
    }

    /** Balancer weight of the slow instance: 0 when drained (from this minute on, until undrained). */
    public void drain(boolean drain) {
        this.drained = drain;
    }

    public boolean drained() {
        return drained;
    }

    /** Applies the capacity wanted for this minute (clamped to the settings' bounds), serves it, moves on. */
    public Minute step(int wanted) {
        if (done()) {
            throw new IllegalStateException("the fleet has stepped through all " + demand.length + " minutes");
        }
        int desired = Math.max(settings.minInstances(), Math.min(settings.maxInstances(), wanted));
        boolean changed = desired != readyAt.size();
        while (readyAt.size() < desired) {
            readyAt.add(minute + settings.warmUpMinutes());
        }
        while (readyAt.size() > desired) {
            readyAt.remove(readyAt.size() - 1); // newest first: the warming ones
        }
        int serving = Math.max(0, ready() - lost);
        double perInstance = settings.capacityPerInstance();
        double worst;
        double average;
        if (serving == 0) {
            worst = demand[minute] > 0 ? Double.POSITIVE_INFINITY : 0;
            average = worst;
        } else if (slowFactor > 1 && drained && serving > 1) {
            worst = demand[minute] / ((serving - 1) * perInstance);
            average = worst * (serving - 1) / serving;
        } else if (slowFactor > 1 && !drained) {
            double each = demand[minute] / (serving * perInstance);
            worst = each * slowFactor;
            average = (each * (serving - 1) + Math.min(1, worst)) / serving;
        } else {
            worst = demand[minute] / (serving * perInstance);
            average = worst;
        }
        boolean violated = false;
        int paid = 0;
        if (scored[minute]) {
            // with a hair of tolerance: 25 requests over 5 instances of 5 is full, not a rounding error over
            violated = worst > settings.violationUtilization() + 1e-9;
            paid = readyAt.size();
        }
        view.served(minute, Math.min(average, 1.0), serving);
        view.faulted(minute, lost, slowFactor, drained);
        Minute done = new Minute(minute, scored[minute], violated, paid, serving, Math.min(average, 1.0), changed);
        minute++;
        if (minute < demand.length) {
            view.advance(minute, readyAt.size(), ready());
        }
        return done;
    }
}
