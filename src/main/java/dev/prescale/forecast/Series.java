package dev.prescale.forecast;

import dev.prescale.profile.RateTrace;

import java.util.Arrays;

/**
 * A time series on a regular grid: {@code values[i]} is the value at {@code start + i * step} (epoch seconds), NaN
 * where nothing was observed. Models see gaps as NaN and decide themselves how to bridge them.
 *
 * @param start first time, epoch seconds
 * @param step  grid spacing, seconds
 */
public record Series(long start, long step, double[] values) {

    public Series {
        if (step <= 0) {
            throw new ForecastException("a series needs a positive step, but had " + step,
                    "give the sampling interval in seconds");
        }
        values = values.clone();
        for (int i = 0; i < values.length; i++) {
            if (Double.isInfinite(values[i]) || values[i] < 0) {
                throw new ForecastException("value " + values[i] + " at index " + i + " (time " + (start + i * step)
                        + ") is not a finite, non-negative number", "remove or correct it; use NaN for a missing value");
            }
        }
    }

    /**
     * Puts irregular samples on a grid of {@code step} seconds: samples in one slot are averaged, empty slots are NaN.
     *
     * @throws ForecastException for unsorted or duplicate timestamps, naming the index
     */
    public static Series fromSamples(long[] times, double[] values, long step) {
        if (times.length != values.length || times.length == 0) {
            throw new ForecastException("times and values must be non-empty and of equal length, but had "
                    + times.length + " and " + values.length, "pass one value per timestamp");
        }
        for (int i = 1; i < times.length; i++) {
            if (times[i] <= times[i - 1]) {
                throw new ForecastException("timestamp " + times[i] + " at index " + i + (times[i] == times[i - 1]
                        ? " repeats the previous one" : " is before the previous one"),
                        "sort the samples by time and merge duplicates");
            }
        }
        long start = times[0];
        int slots = (int) ((times[times.length - 1] - start) / step) + 1;
        double[] sum = new double[slots];
        int[] count = new int[slots];
        for (int i = 0; i < times.length; i++) {
            if (!Double.isNaN(values[i])) {
                int slot = (int) ((times[i] - start) / step);
                sum[slot] += values[i];
                count[slot]++;
            }
        }
        double[] grid = new double[slots];
        for (int i = 0; i < slots; i++) {
            grid[i] = count[i] == 0 ? Double.NaN : sum[i] / count[i];
        }
        return new Series(start, step, grid);
    }

    /** Requests per step of a recorded trace. */
    public static Series fromTrace(RateTrace trace) {
        int slots = (int) Math.round(trace.spanSeconds() / trace.stepSeconds());
        double[] v = new double[slots];
        for (int i = 0; i < slots; i++) {
            v[i] = trace.requestsBetween(i * trace.stepSeconds(), (i + 1) * trace.stepSeconds());
        }
        return new Series(trace.start().getEpochSecond(), Math.round(trace.stepSeconds()), v);
    }

    /** A copy of the values: a series never changes. */
    @Override
    public double[] values() {
        return values.clone();
    }

    public int size() {
        return values.length;
    }

    public double at(int i) {
        return values[i];
    }

    /** The first {@code n} values. */
    public Series head(int n) {
        return new Series(start, step, Arrays.copyOf(values, n));
    }

    /** Values {@code from} (inclusive) to {@code to} (exclusive). */
    public Series slice(int from, int to) {
        return new Series(start + from * step, step, Arrays.copyOfRange(values, from, to));
    }

    /** Observed (non-NaN) values. */
    public long observed() {
        return Arrays.stream(values).filter(v -> !Double.isNaN(v)).count();
    }

    /** The mean of the observed values' magnitudes, 0 when none is observed: a scale for the series' level. */
    public double meanMagnitude() {
        return Arrays.stream(values).filter(v -> !Double.isNaN(v)).map(Math::abs).average().orElse(0);
    }

    /** The shortest run of zero steps read as an outage, in minutes (and never fewer than two steps). */
    public static final int OUTAGE_MINUTES = 10;

    /**
     * The series with outages marked missing: runs of exactly zero lasting at least {@value #OUTAGE_MINUTES} minutes
     * and two steps, in a series that is otherwise busy (more than half its observed steps positive): the service was
     * down, not idle, so those steps are no demand to learn from. A series mostly at zero is idle by nature and left
     * as it is.
     */
    public Series outagesMasked() {
        double[] marked = values.clone();
        int positive = 0;
        int recorded = 0;
        for (double v : marked) {
            if (!Double.isNaN(v)) {
                recorded++;
                positive += v > 0 ? 1 : 0;
            }
        }
        if (positive * 2 <= recorded) {
            return this;
        }
        long shortest = Math.max(2, (OUTAGE_MINUTES * 60L + step - 1) / step);
        for (int i = 0; i < marked.length; ) {
            int j = i;
            while (j < marked.length && marked[j] == 0) {
                j++;
            }
            if (j - i >= shortest) {
                Arrays.fill(marked, i, j, Double.NaN);
            }
            i = Math.max(j, i + 1);
        }
        return new Series(start, step, marked);
    }

    /** The values with gaps bridged linearly (ends copied from the nearest observation); for models that need them. */
    public double[] filled() {
        double[] v = values.clone();
        int last = -1;
        for (int i = 0; i < v.length; i++) {
            if (!Double.isNaN(v[i])) {
                if (last < 0) {
                    Arrays.fill(v, 0, i, v[i]);
                } else {
                    for (int j = last + 1; j < i; j++) {
                        v[j] = v[last] + (v[i] - v[last]) * (j - last) / (i - last);
                    }
                }
                last = i;
            }
        }
        if (last < 0) {
            throw new ForecastException("the series has no observed value", "give it some history");
        }
        Arrays.fill(v, last + 1, v.length, v[last]);
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Series s && s.start == start && s.step == step && Arrays.equals(s.values, values);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(start) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Series[start=" + start + ", step=" + step + ", size=" + values.length + "]";
    }
}
