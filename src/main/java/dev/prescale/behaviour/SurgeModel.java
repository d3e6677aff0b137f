package dev.prescale.behaviour;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;

import java.util.List;

/**
 * The probability that a group's traffic surges in the next hour (seed 003), by logistic regression on what is known
 * now: how far the last hour's requests are from what the group's profile expects ({@code log((observed + 1) /
 * (expected + 1))}, and the same deviation in standard errors of Poisson counts with a quarter's overdispersion, so a
 * doubling of 3 requests counts less than one of 300), and the calendar's expected lift for the coming hour ({@code log lift}). Fitted (calibrated) on
 * history where surges are known: a surge is an hour whose requests exceed {@value #SURGE_RATIO} times the profile's
 * expectation by more than two Poisson standard errors.
 *
 * @param coefficients intercept, log ratio, standard errors (clipped to +-10), log lift
 * @param calibratedOn what it was fitted on, for the record
 */
public record SurgeModel(double[] coefficients, String calibratedOn) {

    /** An hour with this many times its expected requests, and significantly so, is a surge. */
    public static final double SURGE_RATIO = 1.5;
    static final double RIDGE = 1e-2;
    /**
     * Hourly traffic varies around its profile by more than Poisson counting: about a quarter of the expectation (set
     * before any fit, not tuned), so a 5% deviation of 20,000 requests is not 7 standard errors.
     */
    static final double OVERDISPERSION = 0.25;

    /**
     * Fitted by {@code SurgeBench} on its fit set (NASA July 1995 and four NAB tweet volumes, hourly, each judged
     * against a profile of its first half; 2,970 hours, 16.8% surged) on 2026-11-28, and checked on six other series
     * (held-out Brier 0.066 against 0.081 for the fit set's base rate): what a group with too little surge history of
     * its own uses. The history had no calendar events, so the lift's coefficient (1: a lift of 2 adds 0.69 to the
     * log-odds) is set, not fitted.
     */
    public static final SurgeModel PRIOR = new SurgeModel(new double[]{-1.98, 0.14, 0.45, 1.0},
            "prior: SurgeBench fit set (NASA July 1995, 4 NAB tweet volumes)");

    public SurgeModel {
        if (coefficients.length != 4) {
            throw new IllegalArgumentException("a surge model has 4 coefficients, but had " + coefficients.length);
        }
        coefficients = coefficients.clone();
    }

    /** What a surge model learns from: one hour's deviation and the calendar, and whether the next hour surged. */
    public record Example(double observed, double expected, double lift, boolean surged) {
    }

    /** Whether {@code actual} requests in an hour that expected {@code expected} is a surge. */
    public static boolean isSurge(double actual, double expected) {
        return actual > SURGE_RATIO * expected && actual - expected > 2 * Math.sqrt(Math.max(1, expected));
    }

    public double probability(double observed, double expected, double lift) {
        double[] x = features(observed, expected, lift);
        double z = 0;
        for (int i = 0; i < x.length; i++) {
            z += coefficients[i] * x[i];
        }
        return 1 / (1 + Math.exp(-z));
    }

    static double[] features(double observed, double expected, double lift) {
        double o = Math.max(0, observed);
        double e = Math.max(0, expected);
        double sd = Math.sqrt(e + 1 + OVERDISPERSION * OVERDISPERSION * e * e);
        double sigmas = Math.max(-10, Math.min(10, (o - e) / sd));
        return new double[]{1, Math.log((o + 1) / (e + 1)), sigmas, Math.log(Math.max(1, lift))};
    }

    /**
     * Maximum-likelihood logistic fit (Newton's method, a small ridge so separable data still converges); with fewer
     * than {@code minSurges} surges or non-surges among the examples, {@code fallback} is returned. History without a
     * calendar lift (every lift 1) cannot tell what a lift does: the lift's coefficient is then kept from
     * {@code fallback}.
     */
    public static SurgeModel fit(List<Example> examples, String calibratedOn, int minSurges, SurgeModel fallback) {
        long surges = examples.stream().filter(Example::surged).count();
        if (surges < minSurges || examples.size() - surges < minSurges) {
            return fallback;
        }
        boolean lifts = examples.stream().anyMatch(e -> e.lift() > 1);
        int k = lifts ? 4 : 3;
        double[] beta = new double[4];
        beta[3] = lifts ? 0 : fallback.coefficients[3];
        for (int iteration = 0; iteration < 50; iteration++) {
            RealMatrix hessian = new Array2DRowRealMatrix(k, k);
            RealVector gradient = new ArrayRealVector(k);
            for (Example ex : examples) {
                double[] x = features(ex.observed(), ex.expected(), ex.lift());
                double z = 0;
                for (int i = 0; i < 4; i++) {
                    z += beta[i] * x[i];
                }
                double p = 1 / (1 + Math.exp(-z));
                double w = Math.max(1e-9, p * (1 - p));
                for (int i = 0; i < k; i++) {
                    gradient.addToEntry(i, ((ex.surged() ? 1 : 0) - p) * x[i]);
                    for (int j = 0; j < k; j++) {
                        hessian.addToEntry(i, j, w * x[i] * x[j]);
                    }
                }
            }
            for (int i = 0; i < k; i++) {
                gradient.addToEntry(i, -RIDGE * beta[i]);
                hessian.addToEntry(i, i, RIDGE);
            }
            RealVector step = new LUDecomposition(hessian).getSolver().solve(gradient);
            double largest = 0;
            for (int i = 0; i < k; i++) {
                beta[i] += step.getEntry(i);
                largest = Math.max(largest, Math.abs(step.getEntry(i)));
            }
            if (largest < 1e-8) {
                break;
            }
        }
        return new SurgeModel(beta, calibratedOn);
    }

    /** Mean squared difference between the probabilities and what happened (lower is better). */
    public static double brier(double[] p, boolean[] happened) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            double d = p[i] - (happened[i] ? 1 : 0);
            sum += d * d;
        }
        return p.length == 0 ? Double.NaN : sum / p.length;
    }

    /**
     * A reliability curve: the probabilities in {@code bins} equal-width bins, and in each the mean probability
     * given, how often the surge came, and how many moments fell in it ({@code [mean p, observed rate, count]}).
     */
    public static double[][] reliability(double[] p, boolean[] happened, int bins) {
        double[][] curve = new double[bins][3];
        for (int i = 0; i < p.length; i++) {
            int b = Math.min(bins - 1, (int) (p[i] * bins));
            curve[b][0] += p[i];
            curve[b][1] += happened[i] ? 1 : 0;
            curve[b][2]++;
        }
        for (double[] bin : curve) {
            if (bin[2] > 0) {
                bin[0] /= bin[2];
                bin[1] /= bin[2];
            }
        }
        return curve;
    }
}
