package dev.prescale.anomaly;

import org.hipparchus.exception.MathRuntimeException;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;

import java.time.Duration;
import java.util.Arrays;

/**
 * A multivariate detector over several metrics at once (CPU, request rate, latency, ...): the Mahalanobis distance of
 * each point from an exponentially weighted mean and covariance, so a combination that is rare stands out even when
 * each metric alone looks ordinary (high CPU at low traffic). Robust: a point far out moves the estimates only as far
 * as one at the clipping distance would (Huber weights), so an incident does not become the new normal at once.
 */
public final class RobustMahalanobis {

    private static final double CLIP = 3.0;

    private final int dimensions;
    private final double alpha;
    private final int warmUp;
    private final double[] mean;
    private final double[][] covariance;
    private final double[] resolution;
    private long seen;
    private boolean learning = true;
    private long last = Long.MIN_VALUE;
    private long restarts;

    /**
     * @param dimensions how many metrics each point has
     * @param memory     how many points the estimates remember (the weight of a point halves after about 0.7 x this)
     */
    public RobustMahalanobis(int dimensions, int memory) {
        this(memory, new double[Math.max(0, dimensions)]);
    }

    /**
     * @param memory     how many points the estimates remember
     * @param resolution per metric, the smallest change that matters: each variance is at least its square
     */
    public RobustMahalanobis(int memory, double[] resolution) {
        int dimensions = resolution.length;
        if (dimensions < 1 || memory < 2) {
            throw new IllegalArgumentException("need at least one metric and a memory of two points, but had "
                    + dimensions + " and " + memory);
        }
        this.resolution = resolution.clone();
        this.dimensions = dimensions;
        this.alpha = 1.0 / memory;
        this.warmUp = Math.min(memory, 50);
        this.mean = new double[dimensions];
        this.covariance = new double[dimensions][dimensions];
    }

    /** Whether scored points move the estimates (the default); see {@link SeasonalResidual#learning}. */
    void learning(boolean value) {
        learning = value;
    }

    /**
     * @return the score in [0, 1]; 0 for a point not later than the last, of the wrong size, or with a NaN
     */
    public double score(long epochSecond, double[] values) {
        if (values.length != dimensions || epochSecond <= last || Arrays.stream(values).anyMatch(v -> !Double
                .isFinite(v))) {
            return 0;
        }
        last = epochSecond;
        seen++;
        if (seen == 1) {
            System.arraycopy(values, 0, mean, 0, dimensions);
            return 0;
        }
        double[] r = new double[dimensions];
        for (int i = 0; i < dimensions; i++) {
            r[i] = values[i] - mean[i];
        }
        double d = distance(r);
        if (Double.isNaN(d)) { // values beyond what the estimates can hold (1e300): start again from this point
            restart(values);
            return 0;
        }
        if (!learning && seen > warmUp) {
            return Scores.fromZ(d - CLIP * Math.sqrt(dimensions) + 3);
        }
        // Huber weight: beyond the clip, the point counts as if it lay on it
        double w = seen <= warmUp || d <= CLIP ? 1 : CLIP / d;
        double a = seen <= warmUp ? 1.0 / seen : alpha;
        for (int i = 0; i < dimensions; i++) {
            mean[i] += a * w * r[i];
        }
        for (int i = 0; i < dimensions; i++) {
            for (int j = i; j < dimensions; j++) { // one value for both halves: symmetric by construction
                double c = (1 - a) * covariance[i][j] + a * w * w * r[i] * r[j];
                covariance[i][j] = c;
                covariance[j][i] = c;
            }
        }
        return seen <= warmUp ? 0 : Scores.fromZ(d - CLIP * Math.sqrt(dimensions) + 3);
    }

    private void restart(double[] values) {
        System.arraycopy(values, 0, mean, 0, dimensions);
        for (double[] row : covariance) {
            Arrays.fill(row, 0);
        }
        seen = 1;
        restarts++;
    }

    /** How often the estimates overflowed and started again from one point. */
    long restarts() {
        return restarts;
    }

    /** The distance of residual {@code r}, NaN when the estimates or the residual are not finite numbers. */
    private double distance(double[] r) {
        for (int i = 0; i < dimensions; i++) {
            if (!Double.isFinite(r[i]) || !Double.isFinite(mean[i]) || !Double.isFinite(r[i] * r[i])) {
                return Double.NaN;
            }
            for (int j = 0; j < dimensions; j++) {
                if (!Double.isFinite(covariance[i][j])) {
                    return Double.NaN;
                }
            }
        }
        RealMatrix c = MatrixUtils.createRealMatrix(dimensions, dimensions);
        for (int i = 0; i < dimensions; i++) {
            for (int j = 0; j < dimensions; j++) {
                c.setEntry(i, j, covariance[i][j]);
            }
            // a floor on each variance: a metric that has not moved yet still has a scale
            c.addToEntry(i, i, 1e-6 * (1 + mean[i] * mean[i]) + resolution[i] * resolution[i] + 1e-12);
        }
        RealVector v = MatrixUtils.createRealVector(r);
        try {
            RealVector solved = new CholeskyDecomposition(c, 1e-12, 1e-15).getSolver().solve(v);
            double squared = v.dotProduct(solved);
            return Double.isFinite(squared) ? Math.sqrt(Math.max(0, squared)) : Double.NaN;
        } catch (MathRuntimeException notPositiveDefinite) { // rounding on degenerate data
            return Double.NaN;
        }
    }

    /**
     * This detector over one metric, seen as several: the value and its change since the last point (a level and a
     * jump together), plus its residual against the forecast when the first point came with one.
     */
    public static AnomalyDetector univariate(Duration memory) {
        return new AnomalyDetector() {
            private final StepClock clock = new StepClock();
            private RobustMahalanobis inner;
            private double previous = Double.NaN;

            @Override
            public String name() {
                return "robust-mahalanobis";
            }

            @Override
            public double score(long epochSecond, double value, double predicted) {
                if (!clock.accept(epochSecond, value)) {
                    return 0;
                }
                double before = previous;
                previous = value;
                if (!clock.stepKnown() || Double.isNaN(before)) {
                    return 0;
                }
                if (inner == null) {
                    inner = new RobustMahalanobis(Double.isFinite(predicted) ? 3 : 2, clock.pointsIn(memory));
                }
                if (inner.dimensions == 2) {
                    return inner.score(epochSecond, new double[]{value, value - before});
                }
                double expected = Double.isFinite(predicted) ? predicted : before;
                return inner.score(epochSecond, new double[]{value, value - before, value - expected});
            }
        };
    }
}
