package dev.prescale.shadow;

import org.HdrHistogram.Histogram;

/**
 * Request counts, errors and latencies in one-second buckets, summarised over the last {@code window} full seconds.
 * Latencies are kept in microseconds in HdrHistograms (3 significant digits, up to an hour). Not thread-safe: the
 * fleet's lock guards it.
 */
final class WindowStats {

    record Summary(long requests, long errors, Histogram latency) {
    }

    private final int window;
    private final long[] second;
    private final long[] requests;
    private final long[] errors;
    private final Histogram[] latency;
    private long totalRequests;
    private long totalErrors;

    WindowStats(int window) {
        this.window = window;
        int slots = window + 1;
        this.second = new long[slots];
        this.requests = new long[slots];
        this.errors = new long[slots];
        this.latency = new Histogram[slots];
        java.util.Arrays.fill(second, -1);
        for (int i = 0; i < slots; i++) {
            latency[i] = new Histogram(3_600_000_000L, 3);
        }
    }

    int window() {
        return window;
    }

    int slots() {
        return second.length;
    }

    void record(long nowNanos, long responseNanos, boolean ok) {
        long s = Math.floorDiv(nowNanos, 1_000_000_000L);
        int slot = (int) Math.floorMod(s, second.length);
        if (second[slot] != s) {
            second[slot] = s;
            requests[slot] = 0;
            errors[slot] = 0;
            latency[slot].reset();
        }
        requests[slot]++;
        totalRequests++;
        if (ok) {
            latency[slot].recordValue(Math.min(3_600_000_000L, Math.max(0, responseNanos / 1000)));
        } else {
            errors[slot]++;
            totalErrors++;
        }
    }

    Summary summary(long nowNanos) {
        long current = Math.floorDiv(nowNanos, 1_000_000_000L);
        long count = 0;
        long failed = 0;
        Histogram merged = new Histogram(3_600_000_000L, 3);
        for (int i = 0; i < second.length; i++) {
            if (second[i] >= current - window && second[i] < current) {
                count += requests[i];
                failed += errors[i];
                merged.add(latency[i]);
            }
        }
        return new Summary(count, failed, merged);
    }

    long totalRequests() {
        return totalRequests;
    }

    long totalErrors() {
        return totalErrors;
    }
}
