package dev.prescale.anomaly;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One data file prepared for NAB scoring under one profile: each row's weight if it were a detection (positive in a
 * labelled window, earlier is more; negative outside, less so just after a window) and which window it belongs to.
 * Follows NAB's sweeper: rows in the probationary period (the first 15% of the file, at most 750 rows) are not
 * scored; only the earliest detection in a window counts; every detection outside a window counts against.
 */
public final class NabFile {

    /** A labelled anomaly window, as row indices, both ends included. */
    public record Window(int start, int end) {

        public Window {
            if (start < 0 || end < start) {
                throw new IllegalArgumentException("a window needs 0 <= start <= end, but had " + start + ".." + end);
            }
        }
    }

    /** The score at one threshold and what made it. */
    public record Result(double threshold, double score, int truePositives, int falsePositives, int missed) {
    }

    static final int PROBATION = -2;
    static final int OUTSIDE = -1;

    private final String name;
    private final NabProfile profile;
    private final double[] weight;
    private final int[] windowOf;
    private final int windows;

    /**
     * @param rows    how many rows the file has
     * @param windows its labelled windows, in time order, not overlapping
     */
    public NabFile(String name, int rows, List<Window> windows, NabProfile profile) {
        this.name = name;
        this.profile = profile;
        this.weight = new double[rows];
        this.windowOf = new int[rows];
        int probation = probationaryRows(rows);
        double maxTp = scaledSigmoid(-1.0);
        int next = 0;
        Window current = null;
        Window previous = null;
        for (int i = 0; i < rows; i++) {
            if (current == null && next < windows.size() && windows.get(next).start() == i) {
                current = windows.get(next);
                if (previous != null && current.start() <= previous.end()) {
                    throw new IllegalArgumentException(name + ": windows overlap or are out of order at row " + i);
                }
            }
            int window;
            if (current != null) {
                double width = current.end() - current.start() + 1;
                weight[i] = scaledSigmoid(-(current.end() - i + 1) / width) * profile.tpWeight() / maxTp;
                window = next;
            } else {
                double unweighted = previous == null ? -1.0
                        : scaledSigmoid(Math.abs(previous.end() - i) / (double) (previous.end() - previous.start()));
                weight[i] = unweighted * profile.fpWeight();
                window = OUTSIDE;
            }
            windowOf[i] = i < probation ? PROBATION : window;
            if (current != null && i == current.end()) {
                previous = current;
                current = null;
                next++;
            }
        }
        if (next < windows.size()) {
            throw new IllegalArgumentException(name + ": window " + windows.get(next) + " lies outside its "
                    + rows + " rows or overlaps the one before");
        }
        this.windows = (int) Arrays.stream(windowOf).filter(w -> w >= 0).distinct().count();
    }

    /** NAB's probationary period: the first 15% of the rows, at most 750. */
    public static int probationaryRows(int rows) {
        return (int) Math.min(Math.floor(0.15 * rows), 0.15 * 5000);
    }

    /** NAB's scaled sigmoid: 1 well before a window's end, 0 at it, towards -1 after; -1 beyond 3 widths. */
    static double scaledSigmoid(double relativePosition) {
        return relativePosition > 3.0 ? -1.0 : 2 / (1 + Math.exp(5 * relativePosition)) - 1.0;
    }

    public String name() {
        return name;
    }

    public NabProfile profile() {
        return profile;
    }

    public int rows() {
        return weight.length;
    }

    /** Windows that are scored (at least one row after the probationary period). */
    public int windows() {
        return windows;
    }

    /** What the detector that never fires scores: every window missed. */
    public double nullScore() {
        return -profile.fnWeight() * windows;
    }

    /** What a detector firing at the first scored row of every window scores. */
    public double perfectScore() {
        return profile.tpWeight() * windows;
    }

    /** The score of the rows whose anomaly score is at or above {@code threshold}. */
    public Result score(double[] anomalyScores, double threshold) {
        if (anomalyScores.length != weight.length) {
            throw new IllegalArgumentException(name + " has " + weight.length + " rows but " + anomalyScores.length
                    + " scores");
        }
        double[] best = new double[windowsTotal()];
        boolean[] hit = new boolean[best.length];
        double fp = 0;
        int fpCount = 0;
        for (int i = 0; i < weight.length; i++) {
            if (!(anomalyScores[i] >= threshold) || windowOf[i] == PROBATION) {
                continue;
            }
            if (windowOf[i] == OUTSIDE) {
                fp += weight[i];
                fpCount++;
            } else if (!hit[windowOf[i]]) { // rows come in time order: the first is the earliest, best weighted
                hit[windowOf[i]] = true;
                best[windowOf[i]] = weight[i];
            }
        }
        double tp = 0;
        int tpCount = 0;
        for (int w = 0; w < best.length; w++) {
            tp += best[w];
            tpCount += hit[w] ? 1 : 0;
        }
        return new Result(threshold, tp + fp - profile.fnWeight() * (windows - tpCount), tpCount, fpCount,
                windows - tpCount);
    }

    /**
     * The score at every threshold at once, as NAB's sweep does: thresholds are the distinct anomaly scores, highest
     * first, and {@link Sweep#scoreAt} answers any threshold.
     */
    public Sweep sweep(double[] anomalyScores) {
        Integer[] order = new Integer[weight.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(clean(anomalyScores[b]), clean(anomalyScores[a])));
        int total = windowsTotal();
        double[] bestInWindow = new double[total];
        boolean[] hit = new boolean[total];
        double tp = 0;
        double fp = 0;
        int found = 0;
        List<double[]> steps = new ArrayList<>();
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            double s = clean(anomalyScores[i]);
            if (windowOf[i] == OUTSIDE) {
                fp += weight[i];
            } else if (windowOf[i] >= 0) {
                int w = windowOf[i];
                if (!hit[w]) {
                    hit[w] = true;
                    found++;
                    bestInWindow[w] = weight[i];
                    tp += weight[i];
                } else if (weight[i] > bestInWindow[w]) { // an earlier row of the window, lower score
                    tp += weight[i] - bestInWindow[w];
                    bestInWindow[w] = weight[i];
                }
            }
            boolean last = k + 1 == order.length || clean(anomalyScores[order[k + 1]]) != s;
            if (last) {
                steps.add(new double[]{s, tp + fp - profile.fnWeight() * (windows - found)});
            }
        }
        return new Sweep(steps, nullScore());
    }

    private int windowsTotal() {
        int max = -1;
        for (int w : windowOf) {
            max = Math.max(max, w);
        }
        return max + 1;
    }

    private static double clean(double score) {
        return Double.isNaN(score) ? Double.NEGATIVE_INFINITY : score;
    }

    /** A file's score as a step function of the threshold. */
    public static final class Sweep {

        private final double[] thresholds; // descending
        private final double[] scores;
        private final double none;

        Sweep(List<double[]> steps, double none) {
            this.thresholds = new double[steps.size()];
            this.scores = new double[steps.size()];
            for (int i = 0; i < steps.size(); i++) {
                thresholds[i] = steps.get(i)[0];
                scores[i] = steps.get(i)[1];
            }
            this.none = none;
        }

        /** The distinct anomaly scores, highest first: the thresholds at which the score changes. */
        public double[] thresholds() {
            return thresholds.clone();
        }

        /** The score with detections at every row scoring at or above {@code threshold}. */
        public double scoreAt(double threshold) {
            // the last step whose threshold is >= the asked one: all rows at or above it are detections
            int lo = 0;
            int hi = thresholds.length - 1;
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (thresholds[mid] >= threshold) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return found < 0 ? none : scores[found];
        }
    }
}
