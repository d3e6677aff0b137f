package dev.prescale.anomaly;

import java.time.Duration;

/**
 * Guards a detector's stream: rejects NaN values and points not later than the last one, and learns the series'
 * step from its first two points, so windows given as durations become point counts.
 */
final class StepClock {

    private long last = Long.MIN_VALUE;
    private long step;

    /** @return whether the point may be scored and learned from */
    boolean accept(long epochSecond, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value) || epochSecond <= last) {
            return false;
        }
        if (last != Long.MIN_VALUE && step == 0) {
            step = epochSecond - last;
        }
        last = epochSecond;
        return true;
    }

    boolean stepKnown() {
        return step > 0;
    }

    long step() {
        return step;
    }

    /** Points in {@code d} at the learned step, at least 1. */
    int pointsIn(Duration d) {
        return (int) Math.max(1, Math.min(100_000, d.toSeconds() / step));
    }
}
