package dev.prescale.learn;

import dev.prescale.replay.FleetView;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The learned policy's state, from what a controller sees at the start of a minute (utilization and health with the
 * metric lag, its own fleet, the forecast), coded as binary features (tile coding): each continuous reading falls in
 * one of a few ranges, each range a feature. Values linear in such features learn each range's worth separately,
 * where values linear in the raw readings blur them (measured: raw readings kept a slowdown's violations, coded
 * ranges drained it).
 */
final class StateFeatures {

    /** Upper edges of the utilization ranges (the last range is everything above). */
    private static final double[] UTILIZATION = {0.3, 0.5, 0.65, 0.8, 0.9, 1.0 - 1e-9};
    /** Upper edges of the ranges of a forecast size over the fleet's. */
    private static final double[] RATIO = {0.7, 0.9, 1.0, 1.1, 1.3};
    private static final double TREND = 0.05;
    /** The day in six parts of four hours (UTC). */
    private static final int HOURS_PER_PART = 4;

    static final List<String> NAMES = names();

    private StateFeatures() {
    }

    private static List<String> names() {
        List<String> n = new ArrayList<>(List.of("bias"));
        ranges(n, "utilization", UTILIZATION);
        ranges(n, "ahead q99.5 / fleet", RATIO);
        ranges(n, "follow q98 / fleet", RATIO);
        n.addAll(List.of("recent violation", "instances warming", "slow instance, not drained", "drained, none slow",
                "drained and slow", "instances lost", "utilization rising", "utilization falling"));
        for (int h = 0; h < 24; h += HOURS_PER_PART) {
            n.add("hours " + h + "-" + (h + HOURS_PER_PART) + " UTC");
        }
        return List.copyOf(n);
    }

    private static void ranges(List<String> names, String what, double[] edges) {
        for (int i = 0; i <= edges.length; i++) {
            names.add(what + (i == 0 ? " < " + edges[0] : i == edges.length ? " >= " + edges[i - 1]
                    : " in [" + edges[i - 1] + ", " + edges[i] + ")"));
        }
    }

    /**
     * @param current the capacity the policy asked for last minute
     * @param ahead   the fleet for the forecast's busiest minute ahead at the 99.5th percentile
     * @param follow  the same at the 98th
     * @param epoch   the trace's first minute (for the time of day)
     */
    static double[] of(FleetView view, int current, int ahead, int follow, Instant epoch) {
        double[] x = new double[NAMES.size()];
        int latest = view.latestVisible();
        double u = utilization(view, latest);
        double level = view.settings().violationUtilization();
        boolean violatedRecently = false;
        for (int m = Math.max(0, latest - 2); m <= latest; m++) {
            violatedRecently |= utilization(view, m) >= level - 1e-9;
        }
        double trend = u - utilization(view, latest - 5);
        int fleet = Math.max(1, current);
        boolean slow = view.slowdownAt(latest) > 1;
        boolean drained = view.drained();
        int i = 0;
        x[i++] = 1;
        x[i + range(u, UTILIZATION)] = 1;
        i += UTILIZATION.length + 1;
        x[i + range(Math.max(1, ahead) / (double) fleet, RATIO)] = 1;
        i += RATIO.length + 1;
        x[i + range(Math.max(1, follow) / (double) fleet, RATIO)] = 1;
        i += RATIO.length + 1;
        x[i++] = violatedRecently ? 1 : 0;
        x[i++] = view.desired() > view.ready() ? 1 : 0;
        x[i++] = slow && !drained ? 1 : 0;
        x[i++] = drained && !slow ? 1 : 0;
        x[i++] = drained && slow ? 1 : 0;
        x[i++] = view.lostAt(latest) > 0 ? 1 : 0;
        x[i++] = trend > TREND ? 1 : 0;
        x[i++] = trend < -TREND ? 1 : 0;
        long minuteOfDay = Math.floorMod(epoch.getEpochSecond() / 60 + view.minute(), 1440);
        x[i + (int) (minuteOfDay / 60 / HOURS_PER_PART)] = 1;
        return x;
    }

    private static int range(double v, double[] edges) {
        int r = 0;
        while (r < edges.length && v >= edges[r]) {
            r++;
        }
        return r;
    }

    private static double utilization(FleetView view, int m) {
        double u = view.utilization(m);
        return Double.isNaN(u) ? 0 : u;
    }
}
