package dev.prescale.anomaly;

/**
 * The size of the step from the previous point, |value - previous|, as j / (j + u) with u half the first nonzero jump:
 * in [0, 1), ranked exactly as the sizes are (a unit that moved with the series' jumps scored 5 points lower on NAB),
 * and the first change of a constant series scores 2/3. A raw score for {@link Rarity}, which makes it "how rare a
 * jump this big is here". The other detectors judge a point against a baseline that takes a while to form;
 * a jump is seen at the first point of a shift or spike, which is when NAB (and an on-call engineer) want it.
 */
public final class Jump implements AnomalyDetector {

    private final StepClock clock = new StepClock();
    private double previous = Double.NaN;
    private double unit;

    @Override
    public String name() {
        return "jump";
    }

    @Override
    public double score(long epochSecond, double value, double predicted) {
        if (!clock.accept(epochSecond, value)) {
            return 0;
        }
        double before = previous;
        previous = value;
        double jump = Math.abs(value - before);
        if (!Double.isFinite(jump)) { // the first point, or two values whose difference overflows
            return 0;
        }
        if (unit == 0) {
            unit = jump / 2;
        }
        return unit == 0 ? 0 : jump / (jump + unit);
    }
}
