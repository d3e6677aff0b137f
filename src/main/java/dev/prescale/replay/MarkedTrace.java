package dev.prescale.replay;

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
    public static final int OUTAGE_MINUTES = 10;

    /** @param requestsPerMinute per-minute requests, NaN where the file had no row */
    public static MarkedTrace mark(double[] requestsPerMinute) {
        double[] marked = requestsPerMinute.clone();
        int gaps = 0;
        int positive = 0;
        int recorded = 0;
        for (double v : marked) {
            if (Double.isNaN(v)) {
                gaps++;
            } else {
                recorded++;
                positive += v > 0 ? 1 : 0;
            }
        }
        int outages = 0;
        if (positive > recorded / 2) { // a trace mostly at zero is idle by nature, not down
            for (int i = 0; i < marked.length; ) {
                int j = i;
                while (j < marked.length && marked[j] == 0) {
                    j++;
                }
                if (j - i >= OUTAGE_MINUTES) {
                    for (int k = i; k < j; k++) {
                        marked[k] = Double.NaN;
                    }
                    outages += j - i;
                }
                i = Math.max(j, i + 1);
            }
        }
        return new MarkedTrace(marked, gaps, outages);
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
