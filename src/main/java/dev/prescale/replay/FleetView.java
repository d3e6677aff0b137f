package dev.prescale.replay;

/**
 * What a policy may see at the start of a minute: nothing of that minute's demand, and utilization only as old as the
 * metric lag allows.
 */
public final class FleetView {

    private final double[] demandRps;
    private final double[] recorded;
    private final double[] utilization;
    private final int[] readyHistory;
    private final int[] lostHistory;
    private final double[] slowHistory;
    private boolean drained;
    private final ReplaySettings settings;
    private int minute;
    private int desired;
    private int ready;

    /**
     * @param demandRps requests/s of each minute, zero where the record has none
     * @param recorded  the same, NaN where the record has none (a gap, an outage)
     */
    FleetView(double[] demandRps, double[] recorded, ReplaySettings settings) {
        this.demandRps = demandRps;
        this.recorded = recorded;
        this.utilization = new double[demandRps.length];
        this.readyHistory = new int[demandRps.length];
        this.lostHistory = new int[demandRps.length];
        this.slowHistory = new double[demandRps.length];
        this.settings = settings;
    }

    void advance(int minute, int desired, int ready) {
        this.minute = minute;
        this.desired = desired;
        this.ready = ready;
    }

    void served(int minute, double utilization, int ready) {
        this.utilization[minute] = utilization;
        this.readyHistory[minute] = ready;
    }

    void faulted(int minute, int lost, double slowdown, boolean drained) {
        this.lostHistory[minute] = lost;
        this.slowHistory[minute] = slowdown;
        this.drained = drained;
    }

    /** Instances lost to a crash in {@code m} (health checks seen with the metric lag); 0 before that. */
    public int lostAt(int m) {
        return m >= 0 && m <= minute - 1 - settings.metricLagMinutes() ? lostHistory[m] : 0;
    }

    /** How many times slower the slowest instance served in {@code m} (1: none slow), seen with the metric lag. */
    public double slowdownAt(int m) {
        return m >= 0 && m <= minute - 1 - settings.metricLagMinutes() && slowHistory[m] > 0 ? slowHistory[m] : 1;
    }

    /** True while the balancer sends nothing to the slow instance. */
    public boolean drained() {
        return drained;
    }

    /** The minute being decided. */
    public int minute() {
        return minute;
    }

    public int desired() {
        return desired;
    }

    /** Instances serving now. */
    public int ready() {
        return ready;
    }

    public ReplaySettings settings() {
        return settings;
    }

    /** Utilization measured in {@code m}, if the lag lets the policy see it yet; NaN otherwise. */
    public double utilization(int m) {
        return m >= 0 && m <= minute - 1 - settings.metricLagMinutes() ? utilization[m] : Double.NaN;
    }

    /** Instances that served in minute {@code m} (visible with the same lag as utilization). */
    public int readyAt(int m) {
        return m >= 0 && m <= minute - 1 - settings.metricLagMinutes() ? readyHistory[m] : 0;
    }

    /** Demand of the minutes before this one, requests/s (the request log, known once the minute is over). */
    public double[] pastDemand() {
        return java.util.Arrays.copyOf(demandRps, minute);
    }

    /**
     * Requests per minute of the minutes up to {@link #latestVisible()}, NaN where the record has none: what a
     * policy reading the request count with the metric lag sees.
     */
    public double[] visibleRequestsPerMinute() {
        int n = Math.max(0, latestVisible() + 1);
        double[] perMinute = new double[n];
        for (int i = 0; i < n; i++) {
            perMinute[i] = recorded[i] * 60;
        }
        return perMinute;
    }

    /** The latest minute whose utilization the policy can see. */
    public int latestVisible() {
        return minute - 1 - settings.metricLagMinutes();
    }
}
