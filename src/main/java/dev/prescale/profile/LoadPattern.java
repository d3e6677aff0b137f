package dev.prescale.profile;

import java.time.Duration;

/**
 * The shape of a profile's traffic: a request rate (requests per second) as a function of time since the profile
 * started, before the profile's scaling factor is applied.
 *
 * <p>{@code span} is the profile's duration in seconds; patterns that stretch over the whole profile (a linear
 * increase) need it, the others ignore it.
 */
public sealed interface LoadPattern permits LoadPattern.Constant, LoadPattern.LinearIncrease, LoadPattern.PeakValley,
        ExpressionPattern, ReplayPattern {

    /** Requests per second at {@code t} seconds into a profile lasting {@code span} seconds; finite and never negative. */
    double rateAt(double t, double span);

    /**
     * Requests between {@code from} and {@code to} seconds (the integral of {@link #rateAt}). Closed forms where the
     * pattern has one; Simpson's rule on at most one-second steps otherwise.
     */
    default double requestsBetween(double from, double to, double span) {
        if (to <= from) {
            return 0;
        }
        int intervals = (int) Math.min(200_000, Math.max(2, 2 * Math.ceil((to - from) / 2.0)));
        double h = (to - from) / intervals;
        double sum = rateAt(from, span) + rateAt(to, span);
        for (int i = 1; i < intervals; i++) {
            sum += (i % 2 == 1 ? 4 : 2) * rateAt(from + i * h, span);
        }
        return sum * h / 3;
    }

    /** The name used in profile files ({@code type: peak-valley}). */
    String type();

    /**
     * True when the rate holds still between jumps (a recorded trace), so injection follows it with constant steps
     * rather than ramps that would lean towards the next level.
     */
    default boolean isStepwise() {
        return false;
    }

    /** The same rate at every moment. */
    record Constant(double rate) implements LoadPattern {
        public Constant {
            Rates.requireRate("pattern.rate", rate);
        }

        @Override
        public double rateAt(double t, double span) {
            return rate;
        }

        @Override
        public double requestsBetween(double from, double to, double span) {
            return to <= from ? 0 : rate * (to - from);
        }

        @Override
        public String type() {
            return "constant";
        }
    }

    /** A straight line from {@code from} requests/s at the start to {@code to} requests/s at the end of the profile. */
    record LinearIncrease(double from, double to) implements LoadPattern {
        public LinearIncrease {
            Rates.requireRate("pattern.from", from);
            Rates.requireRate("pattern.to", to);
        }

        @Override
        public double rateAt(double t, double span) {
            return span <= 0 ? from : from + (to - from) * Math.min(1, Math.max(0, t / span));
        }

        @Override
        public double requestsBetween(double a, double b, double span) {
            return b <= a ? 0 : (rateAt(a, span) + rateAt(b, span)) / 2 * (b - a);
        }

        @Override
        public String type() {
            return "linear";
        }
    }

    /**
     * A smooth daily-style wave between {@code trough} and {@code peak} requests/s, repeating every {@code period},
     * highest at {@code phase} after the start (and every period after): a cosine, which is how diurnal traffic looks
     * to a first approximation.
     */
    record PeakValley(Duration period, double peak, double trough, Duration phase) implements LoadPattern {
        public PeakValley {
            if (period == null || period.isZero() || period.isNegative()) {
                throw ProfileException.inField("pattern.period", "must be a positive duration, but was " + period,
                        "write the cycle length, e.g. period: 24h");
            }
            Rates.requireRate("pattern.peak", peak);
            Rates.requireRate("pattern.trough", trough);
            if (trough > peak) {
                throw ProfileException.inField("pattern.trough", "trough " + trough + " is above peak " + peak,
                        "swap them: peak is the highest rate, trough the lowest");
            }
            if (phase == null) {
                phase = Duration.ZERO;
            }
        }

        @Override
        public double rateAt(double t, double span) {
            double omega = 2 * Math.PI / Durations.seconds(period);
            return trough + (peak - trough) * (1 + Math.cos(omega * (t - Durations.seconds(phase)))) / 2;
        }

        @Override
        public double requestsBetween(double a, double b, double span) {
            if (b <= a) {
                return 0;
            }
            double omega = 2 * Math.PI / Durations.seconds(period);
            double p = Durations.seconds(phase);
            double wave = (Math.sin(omega * (b - p)) - Math.sin(omega * (a - p))) / omega;
            return (peak + trough) / 2 * (b - a) + (peak - trough) / 2 * wave;
        }

        @Override
        public String type() {
            return "peak-valley";
        }
    }
}
