package dev.prescale.simulation;

/**
 * How a profile is turned into injection steps at run time. Immutable: every {@code with...} returns a new object.
 *
 * <p>Defaults: {@link #DEFAULT_INTENSITY}, {@link #DEFAULT_TIME_COMPRESSION}, {@link #DEFAULT_MAX_STEPS},
 * {@link #DEFAULT_MAX_RATE}.
 *
 * @param intensity       multiplies the profile's rate on top of its scaling factor (a runtime knob: 0.5 rehearses at
 *                        half strength)
 * @param timeCompression how many profile seconds pass per second of run; rates are kept, so the system sees the
 *                        profile's real request rates in a shorter run (1440 turns a day into a minute)
 * @param maxSteps        most Gatling injection steps to emit; curves are approximated piecewise within this budget
 * @param maxRate         highest injection rate (users/s) accepted; a profile above it is refused rather than half-run
 */
public record InjectionOptions(double intensity, double timeCompression, int maxSteps, double maxRate) {

    public static final double DEFAULT_INTENSITY = 1.0;
    public static final double DEFAULT_TIME_COMPRESSION = 1.0;
    /**
     * Gatling chains its steps by nesting iterators, so the cost of each injected user grows with the number of steps
     * before it; a few hundred steps follow any daily curve closely and keep that cost negligible.
     */
    public static final int DEFAULT_MAX_STEPS = 400;
    /** One Gatling JVM on a few cores tops out in the tens of thousands of requests per second. */
    public static final double DEFAULT_MAX_RATE = 50_000;

    public static final InjectionOptions DEFAULTS = new InjectionOptions(DEFAULT_INTENSITY, DEFAULT_TIME_COMPRESSION,
            DEFAULT_MAX_STEPS, DEFAULT_MAX_RATE);

    public InjectionOptions {
        if (!Double.isFinite(intensity) || intensity < 0) {
            throw new IllegalArgumentException("intensity must be a finite number >= 0, but was " + intensity);
        }
        if (!Double.isFinite(timeCompression) || timeCompression <= 0) {
            throw new IllegalArgumentException("timeCompression must be a finite number > 0, but was "
                    + timeCompression);
        }
        if (maxSteps < 1) {
            throw new IllegalArgumentException("maxSteps must be >= 1, but was " + maxSteps);
        }
        if (!(maxRate > 0)) {
            throw new IllegalArgumentException("maxRate must be > 0, but was " + maxRate);
        }
    }

    public InjectionOptions withIntensity(double value) {
        return new InjectionOptions(value, timeCompression, maxSteps, maxRate);
    }

    public InjectionOptions withTimeCompression(double value) {
        return new InjectionOptions(intensity, value, maxSteps, maxRate);
    }

    public InjectionOptions withMaxSteps(int value) {
        return new InjectionOptions(intensity, timeCompression, value, maxRate);
    }

    public InjectionOptions withMaxRate(double value) {
        return new InjectionOptions(intensity, timeCompression, maxSteps, value);
    }
}
