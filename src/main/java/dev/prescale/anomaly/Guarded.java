package dev.prescale.anomaly;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.DoubleSupplier;

/**
 * Keeps a detector's failure from reaching the loop: a point on which the detector throws scores 0, is counted, and
 * the first failure is logged with what the point was; the detector goes on with the next point. A detector that
 * throws is a bug to fix, but on live data it must cost one point's score, never a controller tick.
 */
public final class Guarded implements AnomalyDetector {

    private static final Logger LOG = LoggerFactory.getLogger(Guarded.class);

    private final AnomalyDetector detector;
    private final Failures failures = new Failures();

    public Guarded(AnomalyDetector detector) {
        this.detector = detector;
    }

    @Override
    public String name() {
        return detector.name();
    }

    @Override
    public double score(long epochSecond, double value, double predicted) {
        return failures.scoreOrZero(detector.name(), epochSecond, value,
                () -> detector.score(epochSecond, value, predicted));
    }

    /** Points on which the detector failed so far. */
    public long failures() {
        return failures.count();
    }

    /** Counts failures of scoring calls and logs the first; shared by everything that scores inside the loop. */
    static final class Failures {
        private long count;

        double scoreOrZero(String detector, long epochSecond, double value, DoubleSupplier score) {
            try {
                double s = score.getAsDouble();
                return Double.isFinite(s) ? Math.max(0, Math.min(1, s)) : fail(detector, epochSecond, value,
                        new ArithmeticException("score " + s));
            } catch (RuntimeException e) {
                return fail(detector, epochSecond, value, e);
            }
        }

        private double fail(String detector, long epochSecond, double value, RuntimeException e) {
            if (count++ == 0) {
                LOG.warn("anomaly detector {} failed on the point at {} (value {}); it scores 0 and goes on, further "
                        + "failures are only counted", detector, epochSecond, value, e);
            }
            return 0;
        }

        long count() {
            return count;
        }
    }
}
