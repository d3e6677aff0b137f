package dev.prescale.anomaly;

import java.time.Duration;

/**
 * A value beyond everything the series did in its {@code memory}: above the highest or below the lowest, scored by how
 * far beyond, as a share s of the range, s / (1 + s) (1 for any change of a series that never moved). Within the
 * range it scores 0. What an operator notices first on a
 * dashboard ("CPU higher than it has ever been this month"), and what a level shift or a spike does before any
 * baseline has moved; a raw score for {@link Rarity}. The range is kept with two monotonic queues, O(1) a point.
 */
public final class Extreme implements AnomalyDetector {

    private static final int WARM_UP = 10;

    private final Duration memory;
    private final StepClock clock = new StepClock();
    private long index;
    private long[] highIndex;
    private double[] highValue;
    private long[] lowIndex;
    private double[] lowValue;
    private int highHead;
    private int highTail;
    private int lowHead;
    private int lowTail;
    private int span;
    private double first;

    public Extreme(Duration memory) {
        this.memory = memory;
    }

    @Override
    public String name() {
        return "new-extreme";
    }

    @Override
    public double score(long epochSecond, double value, double predicted) {
        if (!clock.accept(epochSecond, value)) {
            return 0;
        }
        if (highIndex == null) {
            if (!clock.stepKnown()) { // the first point: the range starts with it once the step is known
                first = value;
                return 0;
            }
            span = clock.pointsIn(memory);
            highIndex = new long[span + 2];
            highValue = new double[span + 2];
            lowIndex = new long[span + 2];
            lowValue = new double[span + 2];
            push(first);
        }
        int cap = highIndex.length;
        while (highHead != highTail && highIndex[highHead] <= index - span) {
            highHead = (highHead + 1) % cap;
        }
        while (lowHead != lowTail && lowIndex[lowHead] <= index - span) {
            lowHead = (lowHead + 1) % cap;
        }
        double score = 0;
        if (index >= WARM_UP && highHead != highTail) {
            double high = highValue[highHead];
            double low = lowValue[lowHead];
            double range = high - low;
            if (range == 0) { // a series that never moved: any change is as far beyond as can be
                score = value == high ? 0 : 1;
            } else if (Double.isFinite(range)) {
                double beyond = value > high ? (value - high) / range : value < low ? (low - value) / range : 0;
                score = Double.isFinite(beyond) ? beyond / (1 + beyond) : 1;
            }
        }
        push(value);
        return score;
    }

    private void push(double value) {
        int cap = highIndex.length;
        while (highHead != highTail && highValue[(highTail - 1 + cap) % cap] <= value) {
            highTail = (highTail - 1 + cap) % cap;
        }
        highIndex[highTail] = index;
        highValue[highTail] = value;
        highTail = (highTail + 1) % cap;
        while (lowHead != lowTail && lowValue[(lowTail - 1 + cap) % cap] >= value) {
            lowTail = (lowTail - 1 + cap) % cap;
        }
        lowIndex[lowTail] = index;
        lowValue[lowTail] = value;
        lowTail = (lowTail + 1) % cap;
        index++;
    }
}
