package dev.prescale.replay;

import dev.prescale.forecast.Series;

/**
 * A per-minute trace with the minutes that are not demand marked NaN: gaps (no row in the file) and outages (a run of
 * at least {@value #OUTAGE_MINUTES} minutes of exactly zero in a trace that is otherwise busy: the service was down,
 * not idle). The replay serves them as no traffic and scores neither violations nor cost in them.
 *
 * @param requestsPerMinute the trace, NaN where marked
 * @param gapMinutes        minutes with no row
 * @param outageMinutes     minutes of zero read as an outage
 */
public record MarkedTrace(double[] requestsPerMinute, int gapMinutes, int outageMinutes) {

    /** The shortest run of zero minutes read as an outage. */
    public static final int OUTAGE_MINUTES = Series.OUTAGE_MINUTES;

    /** @param requestsPerMinute per-minute requests, NaN where the file had no row */
    public static MarkedTrace mark(double[] requestsPerMinute) {
        int gaps = 0;
        for (double v : requestsPerMinute) {
            gaps += Double.isNaN(v) ? 1 : 0;
        }
        double[] marked = new Series(0, 60, requestsPerMinute).outagesMasked().values();
        int missing = 0;
        for (double v : marked) {
            missing += Double.isNaN(v) ? 1 : 0;
        }
        return new MarkedTrace(marked, gaps, missing - gaps);
    }

    @Override
    public double[] requestsPerMinute() {
        return requestsPerMinute.clone();
    }

    /** Minutes in all. */
    public int minutes() {
        return requestsPerMinute.length;
    }

    /** One line for the user: what was marked, and why it matters. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%d minutes without a row and %d minutes of outage (%d or more "
                + "zero minutes in a row) are marked and not scored", gapMinutes, outageMinutes, OUTAGE_MINUTES);
    }
}
