package dev.prescale.forecast;

import org.hipparchus.complex.Complex;
import org.hipparchus.transform.DftNormalization;
import org.hipparchus.transform.FastFourierTransformer;
import org.hipparchus.transform.TransformType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds season lengths so users need not know them, the way Crane does: the periodogram proposes periods (the
 * strongest peaks of the FFT power spectrum of the de-meaned, gap-filled series), and the autocorrelation confirms
 * them (a peak of the ACF near the proposed lag, above {@value #MIN_ACF}). A period must fit at least
 * {@value #MIN_CYCLES} times in the series to count. Noisy daily traffic often peaks a few minutes off the day, so a
 * period within 5% of an hour, a day or a week snaps to it when the calendar period correlates at least 90% as well;
 * candidates within 20% of each other are one season. A lag counts only if the series is clearly less alike half a
 * period away ({@value #PROMINENCE} lower autocorrelation), which tells a cycle from mere persistence.
 */
public final class SeasonDetector {

    static final double MIN_ACF = 0.25;
    static final int MIN_CYCLES = 2;
    static final double PROMINENCE = 0.2;
    private static final int CANDIDATES = 20;

    private SeasonDetector() {
    }

    /**
     * Season lengths in steps, strongest first; empty when the series has none (constant, noise, or too short).
     */
    public static List<Integer> detect(Series series) {
        long[] calendar = {3600, 86_400, 7 * 86_400};
        double[] y = series.filled();
        int n = y.length;
        if (n < 8) {
            return List.of();
        }
        double mean = 0;
        for (double v : y) {
            mean += v;
        }
        mean /= n;
        double variance = 0;
        for (double v : y) {
            variance += (v - mean) * (v - mean);
        }
        if (variance <= 1e-12 * Math.max(1, mean * mean) * n) {
            return List.of(); // constant
        }
        int size = Integer.highestOneBit(n - 1) << 1;
        double[] padded = new double[size];
        for (int i = 0; i < n; i++) {
            padded[i] = y[i] - mean;
        }
        Complex[] spectrum = new FastFourierTransformer(DftNormalization.STANDARD).transform(padded,
                TransformType.FORWARD);
        List<int[]> peaks = new ArrayList<>(); // {frequency index}
        double[] power = new double[size / 2];
        for (int k = 1; k < size / 2; k++) {
            power[k] = spectrum[k].getReal() * spectrum[k].getReal()
                    + spectrum[k].getImaginary() * spectrum[k].getImaginary();
        }
        for (int k = 2; k < size / 2 - 1; k++) {
            if (power[k] > power[k - 1] && power[k] >= power[k + 1]) {
                peaks.add(new int[]{k});
            }
        }
        peaks.sort(Comparator.comparingDouble((int[] p) -> -power[p[0]]));
        List<double[]> confirmed = new ArrayList<>(); // {period, acf}
        for (int[] peak : peaks.subList(0, Math.min(CANDIDATES, peaks.size()))) {
            int period = (int) Math.round(size / (double) peak[0]);
            if (period < 2 || period * MIN_CYCLES > n) {
                continue;
            }
            // the FFT grid is coarse at long periods: look for the ACF's own peak within 10% of the proposal
            int best = -1;
            double bestAcf = MIN_ACF;
            int radius = Math.max(1, period / 10);
            for (int lag = Math.max(2, period - radius); lag <= Math.min(n / MIN_CYCLES, period + radius); lag++) {
                double r = acf(y, mean, variance, lag);
                if (r > bestAcf && periodic(y, mean, variance, lag, r)) {
                    bestAcf = r;
                    best = lag;
                }
            }
            if (best < 0) {
                continue;
            }
            for (long seconds : calendar) {
                if (seconds % series.step() != 0) {
                    continue;
                }
                int calendarLag = (int) (seconds / series.step());
                if (Math.abs(best - calendarLag) <= 0.05 * calendarLag && calendarLag * MIN_CYCLES <= n) {
                    double r = acf(y, mean, variance, calendarLag);
                    if (r >= 0.9 * bestAcf) {
                        best = calendarLag;
                        bestAcf = Math.max(r, MIN_ACF);
                    }
                }
            }
            int lag = best;
            double strength = bestAcf;
            java.util.Optional<double[]> near = confirmed.stream()
                    .filter(c -> Math.abs(c[0] - lag) <= Math.max(1, 0.2 * Math.max(c[0], lag))).findFirst();
            if (near.isEmpty()) {
                confirmed.add(new double[]{lag, strength});
            } else if (strength > near.get()[1]) {
                near.get()[0] = lag;
                near.get()[1] = strength;
            }
        }
        // calendar periods are always checked: a strong short cycle can crowd the daily one out of the FFT's top peaks
        for (long seconds : calendar) {
            if (seconds % series.step() != 0) {
                continue;
            }
            int lag = (int) (seconds / series.step());
            if (lag * MIN_CYCLES > n || lag < 2 || confirmed.stream().anyMatch(c -> (int) c[0] == lag)) {
                continue;
            }
            double r = acf(y, mean, variance, lag);
            int radius = Math.max(1, lag / 20);
            boolean localPeak = r >= acf(y, mean, variance, Math.max(1, lag - radius))
                    && r >= acf(y, mean, variance, Math.min(n - 1, lag + radius));
            if (r >= MIN_ACF && localPeak && periodic(y, mean, variance, lag, r)) {
                confirmed.add(new double[]{lag, r});
            }
        }
        confirmed.sort(Comparator.comparingDouble((double[] c) -> -c[1]));
        // drop weak echoes (below half the strongest) and the 2x-6x multiples of a stronger season
        List<double[]> seasons = new ArrayList<>();
        for (double[] c : confirmed) {
            boolean weak = !seasons.isEmpty() && c[1] < 0.5 * seasons.get(0)[1];
            boolean multiple = seasons.stream().anyMatch(s -> {
                double k = c[0] / s[0];
                return Math.round(k) >= 2 && Math.round(k) <= 6 && Math.abs(k - Math.round(k)) < 0.05;
            });
            if (!weak && !multiple) {
                seasons.add(c);
            }
        }
        return seasons.stream().map(c -> (int) c[0]).distinct().toList();
    }

    /**
     * A true cycle is anti-correlated half a period away; mere persistence (a smooth series) decays instead, which
     * would otherwise pass as a short "season".
     */
    private static boolean periodic(double[] y, double mean, double variance, int lag, double acfAtLag) {
        return lag >= 4 && acfAtLag - acf(y, mean, variance, lag / 2) >= PROMINENCE;
    }

    /** Autocorrelation of the filled series at {@code lag}. */
    static double acf(double[] y, double mean, double variance, int lag) {
        double sum = 0;
        for (int i = lag; i < y.length; i++) {
            sum += (y[i] - mean) * (y[i - lag] - mean);
        }
        return sum / variance;
    }
}
