package dev.prescale.profile;

/**
 * Checks shared by every pattern: a rate is a number of requests per second from 0 to {@link #MAX_RATE}, which with a
 * scaling factor of at most {@link #MAX_SCALING_FACTOR} keeps every rate, count and integral a finite number.
 */
public final class Rates {

    /** The highest rate a pattern may give, in requests per second (a million: far past one injector's reach). */
    public static final double MAX_RATE = 1e6;

    /** The largest scaling factor a profile may have. */
    public static final double MAX_SCALING_FACTOR = 1e9;

    private Rates() {
    }

    static void requireRate(String field, double rate) {
        if (!Double.isFinite(rate) || rate < 0 || rate > MAX_RATE) {
            throw ProfileException.inField(field, "a rate must be a number of requests/s from 0 to " + MAX_RATE
                    + ", but was " + rate, "write a rate such as 50 (requests per second)");
        }
    }
}
