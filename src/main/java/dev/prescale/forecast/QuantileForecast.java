package dev.prescale.forecast;

import java.util.Arrays;

/**
 * Quantiles of a forecast: of each step ({@code step(level, h)}: the value at {@code start + h * step} stays at or
 * under it with probability {@code level}) and of each window's busiest step ({@code busiest(level, w)}: the largest
 * value among steps {@code w * windowSteps .. (w + 1) * windowSteps - 1}). The busiest step is what a fleet sized once
 * per window must carry; on a one-minute series it is the window's busiest minute.
 */
public final class QuantileForecast {

    private final String model;
    private final long start;
    private final long step;
    private final double[] levels;
    private final double[][] steps;
    private final int windowSteps;
    private final double[][] busiest;

    QuantileForecast(String model, long start, long step, double[] levels, double[][] steps, int windowSteps,
                     double[][] busiest) {
        this.model = model;
        this.start = start;
        this.step = step;
        this.levels = levels.clone();
        this.steps = deepCopy(steps);
        this.windowSteps = windowSteps;
        this.busiest = deepCopy(busiest);
    }

    public String model() {
        return model;
    }

    public long start() {
        return start;
    }

    public long stepSeconds() {
        return step;
    }

    public double[] levels() {
        return levels.clone();
    }

    public int horizon() {
        return steps[0].length;
    }

    public int windowSteps() {
        return windowSteps;
    }

    public int windows() {
        return busiest[0].length;
    }

    /** The {@code level} quantile of step {@code h}. */
    public double step(double level, int h) {
        return steps[index(level)][h];
    }

    /** The {@code level} quantile of the busiest step in window {@code w}. */
    public double busiest(double level, int w) {
        return busiest[index(level)][w];
    }

    /** The central interval of {@code width} as a forecast (its point is the median), when both its ends are levels. */
    public Forecast interval(double width) {
        int lo = index((1 - width) / 2);
        int hi = index((1 + width) / 2);
        return new Forecast(model, start, step, steps[index(0.5)], steps[lo], steps[hi], width);
    }

    private int index(double level) {
        for (int i = 0; i < levels.length; i++) {
            if (Math.abs(levels[i] - level) < 1e-9) {
                return i;
            }
        }
        throw new IllegalArgumentException("no quantile " + level + " in this forecast; it has " + Arrays.toString(
                levels));
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] copy = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            copy[i] = a[i].clone();
        }
        return copy;
    }
}
