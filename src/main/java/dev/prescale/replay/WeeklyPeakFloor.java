package dev.prescale.replay;

/**
 * The yardstick the minute-peak policy must beat clearly (issue 16's "simple hybrid"): a floor of the busiest minute
 * the same window of time held on any of the last seven days, plus 20%, where the window is the minutes the fleet
 * must carry before new capacity could serve (now to a warm-up ahead). Under {@link Hybrid} it runs beneath reactive
 * target tracking. It reads only days already over, so it needs no lag.
 */
public final class WeeklyPeakFloor implements ReplayPolicy {

    private static final int DAY = 1440;
    private static final double MARGIN = 1.2;

    @Override
    public String name() {
        return "weekly same-window peak +20% floor";
    }

    @Override
    public int desired(FleetView view) {
        ReplaySettings s = view.settings();
        double[] past = view.visibleRequestsPerMinute();
        int minute = view.minute();
        double busiest = 0;
        for (int d = 1; d <= 7; d++) {
            for (int m = minute - d * DAY; m <= minute - d * DAY + s.warmUpMinutes(); m++) {
                if (m >= 0 && m < past.length && past[m] > busiest) { // NaN never compares greater
                    busiest = past[m];
                }
            }
        }
        return s.instancesFor(MARGIN * busiest / 60, s.violationUtilization());
    }
}
