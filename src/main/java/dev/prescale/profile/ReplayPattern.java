package dev.prescale.profile;

import java.time.Instant;

/**
 * Replays a recorded trace ({@link RateTrace}), optionally a window of it, with its clock sped up.
 *
 * <p>{@code speedUp} compresses the trace's time and keeps its rates: at speed-up 60 each recorded minute lasts one
 * second and the system sees the recorded requests/s, so a day of history replays in 24 minutes at realistic
 * utilization. To also keep the request count, multiply the rate with the profile's {@code scalingFactor}.
 */
public final class ReplayPattern implements LoadPattern {

    static final String BEHAVIOUR = "behaviour";

    private final RateTrace trace;
    private final String source;
    private final Instant from;
    private final Instant to;
    private final double speedUp;
    private final double offsetSeconds;
    private final double windowSeconds;

    /**
     * @param trace   the recording
     * @param source  where it came from, as a profile names it: {@code file:<path>}, {@code history:<series>} or
     *                {@code behaviour:<stored behaviour profile>}
     * @param speedUp how many trace seconds pass per profile second; 1 replays in real time
     * @param from    first instant of the trace to replay, or null for its start
     * @param to      instant to stop at, or null for its end
     */
    public ReplayPattern(RateTrace trace, String source, double speedUp, Instant from, Instant to) {
        if (!Double.isFinite(speedUp) || speedUp <= 0) {
            throw ProfileException.inField("pattern.speedUp", "must be a finite number > 0, but was " + speedUp,
                    "write how many trace seconds pass per second of replay, e.g. speedUp: 60");
        }
        Instant start = from == null ? trace.start() : from;
        Instant end = to == null ? trace.end() : to;
        if (start.isBefore(trace.start()) || !end.isAfter(start) || end.isAfter(trace.end())) {
            throw ProfileException.inField("pattern.from", "window " + start + " .. " + end
                    + " is empty or outside the trace, which covers " + trace.start() + " .. " + trace.end(),
                    "pick from/to inside the trace with from before to");
        }
        this.trace = trace;
        this.source = source;
        this.from = from;
        this.to = to;
        this.speedUp = speedUp;
        this.offsetSeconds = (start.toEpochMilli() - trace.start().toEpochMilli()) / 1000.0;
        this.windowSeconds = (end.toEpochMilli() - start.toEpochMilli()) / 1000.0;
    }

    public RateTrace trace() {
        return trace;
    }

    public double speedUp() {
        return speedUp;
    }

    /** {@code file:<path>} or {@code history:<series>}, or null for a trace built in memory. */
    public String source() {
        return source;
    }

    /** The window's start as the profile wrote it, or null for the trace's start. */
    public Instant from() {
        return from;
    }

    /** The window's end as the profile wrote it, or null for the trace's end. */
    public Instant to() {
        return to;
    }

    /** How long the replay lasts at its speed-up, in seconds: the natural duration of a replay profile. */
    public double replaySeconds() {
        return windowSeconds / speedUp;
    }

    @Override
    public double rateAt(double t, double span) {
        double x = t * speedUp;
        return x < 0 || x >= windowSeconds ? 0 : trace.rateAt(offsetSeconds + x);
    }

    @Override
    public double requestsBetween(double a, double b, double span) {
        double lo = Math.max(0, a * speedUp);
        double hi = Math.min(windowSeconds, b * speedUp);
        return hi <= lo ? 0 : trace.requestsBetween(offsetSeconds + lo, offsetSeconds + hi) / speedUp;
    }

    /** {@code behaviour} for the expected traffic of a stored behaviour profile, else {@code replay}. */
    @Override
    public String type() {
        return source != null && source.startsWith(BEHAVIOUR + ":") ? BEHAVIOUR : "replay";
    }

    /**
     * The history series holding a stored behaviour profile's expected requests, hour by hour over the week after the
     * hours it watched (written when the profile is stored), which a {@code behaviour} pattern replays.
     */
    public static String behaviourSeries(String behaviourProfile) {
        return BEHAVIOUR + "-" + behaviourProfile;
    }

    @Override
    public boolean isStepwise() {
        return true;
    }

    @Override
    public String toString() {
        return "ReplayPattern[" + source + ", speedUp=" + speedUp + ", window=" + windowSeconds + " s]";
    }
}
