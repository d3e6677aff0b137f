package dev.prescale.forecast;

import java.util.Arrays;

/**
 * A forecast on a regular grid with its prediction interval: {@code point[h]} for time {@code start + h * step}, and
 * the central interval [{@code lower[h]}, {@code upper[h]}] that should hold the actual value with probability
 * {@code intervalWidth}.
 */
public record Forecast(String model, long start, long step, double[] point, double[] lower, double[] upper,
                       double intervalWidth) {

    public Forecast {
        if (point.length != lower.length || point.length != upper.length) {
            throw new IllegalArgumentException("point, lower and upper must have one value per step");
        }
        if (!(intervalWidth > 0 && intervalWidth < 1)) {
            throw new IllegalArgumentException("intervalWidth must be in (0, 1), but was " + intervalWidth);
        }
        point = point.clone();
        lower = lower.clone();
        upper = upper.clone();
    }

    public int horizon() {
        return point.length;
    }

    public double[] point() {
        return point.clone();
    }

    public double[] lower() {
        return lower.clone();
    }

    public double[] upper() {
        return upper.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Forecast f && f.model.equals(model) && f.start == start && f.step == step
                && Arrays.equals(f.point, point) && Arrays.equals(f.lower, lower) && Arrays.equals(f.upper, upper)
                && f.intervalWidth == intervalWidth;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(point);
    }

    @Override
    public String toString() {
        return "Forecast[" + model + ", start=" + start + ", step=" + step + ", horizon=" + point.length + ", width="
                + intervalWidth + "]";
    }
}
