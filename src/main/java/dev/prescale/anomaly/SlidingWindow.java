package dev.prescale.anomaly;

import java.util.Arrays;

/**
 * The last {@code capacity} values in arrival order and sorted, so any quantile of them costs one array read: the
 * median and interquartile range that robust detectors scale by, at millions of points a second.
 */
final class SlidingWindow {

    private final double[] ring;
    private final double[] sorted;
    private int size;
    private int oldest;

    SlidingWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a sliding window needs room for at least one value");
        }
        this.ring = new double[capacity];
        this.sorted = new double[capacity];
    }

    void add(double value) {
        if (size == ring.length) {
            double gone = ring[oldest];
            int at = Arrays.binarySearch(sorted, 0, size, gone);
            System.arraycopy(sorted, at + 1, sorted, at, size - at - 1);
            size--;
            ring[oldest] = value;
            oldest = (oldest + 1) % ring.length;
        } else {
            ring[(oldest + size) % ring.length] = value;
        }
        int at = Arrays.binarySearch(sorted, 0, size, value);
        at = at < 0 ? -at - 1 : at;
        System.arraycopy(sorted, at, sorted, at + 1, size - at);
        sorted[at] = value;
        size++;
    }

    /** How many values are at or above {@code x}. */
    int countAtLeast(double x) {
        int lo = 0;
        int hi = size;
        while (lo < hi) { // first index whose value is >= x
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return size - lo;
    }

    int size() {
        return size;
    }

    boolean full() {
        return size == ring.length;
    }

    /** The {@code q} quantile (0..1) by linear interpolation; NaN when empty. */
    double quantile(double q) {
        if (size == 0) {
            return Double.NaN;
        }
        double pos = q * (size - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(size - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    double median() {
        return quantile(0.5);
    }

    /** A robust standard deviation: the interquartile range over 1.349 (the normal's IQR in sigmas). */
    double robustSigma() {
        return (quantile(0.75) - quantile(0.25)) / 1.349;
    }
}
