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
    private long[] recentIndex; // a monotonic queue: indices of the scores that may still be the window's maximum
    private double[] recentScore;
    private int head;
    private int tail;
    private long index;
    private int span;

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
        if (recentIndex == null) {
            span = clock.pointsIn(refractory);
            recentIndex = new long[span + 2];
            recentScore = new double[span + 2];
        }
        int cap = recentIndex.length;
        while (head != tail && recentIndex[head] < index - span) { // older than the refractory period
            head = (head + 1) % cap;
        }
        double max = head == tail ? 0 : recentScore[head];
        while (head != tail && recentScore[(tail - 1 + cap) % cap] <= raw) { // can never be the maximum again
            tail = (tail - 1 + cap) % cap;
        }
        recentIndex[tail] = index;
        recentScore[tail] = raw;
        tail = (tail + 1) % cap;
        index++;
        return raw > max ? raw : 0;
    }
}
