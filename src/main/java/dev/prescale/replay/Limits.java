package dev.prescale.replay;

import java.util.Locale;

/**
 * What limits a policy's violations: of its violation-minutes, how many fell in bursts above anything the policy
 * could have seen when capacity for that minute had to be ordered (a warm-up plus the metric lag before it): busier
 * than every visible minute of the half hour before, and than the same window on each of the last seven days. No
 * forecast built on the past sees those coming; only standing headroom or a shorter warm-up buys them. The rest were
 * sized too low for traffic the past did show.
 *
 * @param violationMinutes scored minutes that violated
 * @param unforeseen       of them, minutes in bursts above anything visible when their capacity had to be ordered
 */
public record Limits(int violationMinutes, int unforeseen) {

    private static final int RECENT = 30;
    private static final int DAY = 1440;

    /**
     * @param rps      the trace, requests/s per minute, NaN where missing
     * @param violated the policy's violations from {@code from} on
     */
    public static Limits of(double[] rps, int from, ReplaySettings settings, boolean[] violated) {
        int violations = 0;
        int unforeseen = 0;
        int ahead = settings.warmUpMinutes() + settings.metricLagMinutes() + 1; // order time to serving time
        for (int i = 0; i < violated.length; i++) {
            if (!violated[i]) {
                continue;
            }
            violations++;
            int minute = from + i;
            double seen = busiest(rps, minute - ahead - RECENT + 1, minute - ahead);
            for (int d = 1; d <= 7; d++) {
                seen = Math.max(seen, busiest(rps, minute - d * DAY - settings.warmUpMinutes(),
                        minute - d * DAY + settings.warmUpMinutes()));
            }
            unforeseen += rps[minute] > seen ? 1 : 0;
        }
        return new Limits(violations, unforeseen);
    }

    private static double busiest(double[] v, int from, int to) {
        double max = 0;
        for (int i = Math.max(0, from); i <= Math.min(to, v.length - 1); i++) {
            if (v[i] > max) { // NaN never compares greater
                max = v[i];
            }
        }
        return max;
    }

    /** One line for the user. */
    public String describe() {
        if (violationMinutes == 0) {
            return "no violation-minutes";
        }
        return String.format(Locale.ROOT, "%d of its %d violation-minutes fell in bursts above anything visible "
                + "when their capacity had to be ordered (the half hour before, the same window on the last 7 days): no "
                + "forecast from the past sees those, only standing headroom or a shorter warm-up buys them; %d were "
                + "sized too low for traffic the past did show", unforeseen, violationMinutes, violationMinutes
                - unforeseen);
    }
}
