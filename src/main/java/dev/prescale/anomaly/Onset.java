package dev.prescale.anomaly;

import java.time.Duration;

/**
 * Reports an anomaly once, when it starts: passes a score on only when it is higher than every score of the
 * {@code refractory} before it, and reports 0 otherwise. An alert for an ongoing anomaly would page again every point;
 * and NAB, like an on-call engineer, counts only the first detection of an event and every repeat outside it as a
 * false alarm.
 */
public final class Onset implements AnomalyDetector {

    private final AnomalyDetector inner;
    private final Duration refractory;
    private final StepClock clock = new StepClock();
    private double[] recent;
    private int next;

    public Onset(AnomalyDetector inner, Duration refractory) {
        this.inner = inner;
        this.refractory = refractory;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public double score(long epochSecond, double value, double predicted) {
        double raw = inner.score(epochSecond, value, predicted);
        if (!clock.accept(epochSecond, value) || !clock.stepKnown()) {
            return 0;
        }
        if (recent == null) {
            recent = new double[clock.pointsIn(refractory)];
        }
        double max = 0;
        for (double r : recent) {
            max = Math.max(max, r);
        }
        recent[next] = raw;
        next = (next + 1) % recent.length;
        return raw > max ? raw : 0;
    }
}
