package dev.prescale.replay;

/**
 * What a policy may see at the start of a minute: nothing of that minute's demand, and utilization only as old as the
 * metric lag allows.
 */
public final class FleetView {

    private final double[] demandRps;
    private final double[] utilization;
    private final int[] readyHistory;
    private final ReplaySettings settings;
    private int minute;
    private int desired;
    private int ready;

    FleetView(double[] demandRps, ReplaySettings settings) {
        this.demandRps = demandRps;
        this.utilization = new double[demandRps.length];
        this.readyHistory = new int[demandRps.length];
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

    /** The latest minute whose utilization the policy can see. */
    public int latestVisible() {
        return minute - 1 - settings.metricLagMinutes();
    }
}
