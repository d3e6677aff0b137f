package dev.prescale.forecast;

import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;

import dev.prescale.profile.ScheduledEvent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The Prophet model of Taylor &amp; Letham, "Forecasting at Scale" (2017), fitted in Java because no Java Prophet
 * exists on Maven Central: a piecewise-linear trend with {@code changepoints} potential changepoints in the first
 * {@code changepointRange} of the history and a Laplace (sparse) prior on their rate changes, plus Fourier-series
 * seasonalities, fitted by MAP; intervals from simulated future trend changes (changepoints as frequent as in the
 * history, changes drawn from a Laplace with the fitted mean absolute change) plus observation noise.
 *
 * <p>Differences from Prophet, on purpose: (1) the fit runs on {@code log(1 + y)}, so seasonality is multiplicative
 * on counts (weekend days have smaller daily swings) and forecasts never go negative; Prophet's default is additive
 * on y. (2) MAP is found by iteratively reweighted ridge regression (the Laplace prior as a reweighted Gaussian), a
 * convex problem solved exactly per step with a Cholesky factorisation, rather than by Stan's L-BFGS. (3) Seasonal
 * periods come from {@link SeasonDetector} when not given, not only from the calendar. (4) Events are whole-window
 * indicators (one effect per event name over each occurrence's [start, end)), and an event never seen in the history
 * can carry the business's expected lift; Prophet's holidays have per-day effects within a window and no prior lift.
 * (5) Outliers: when an observation lies more than 5 robust standard deviations off the squared-loss fit, all
 * observations beyond 2.5 are down-weighted (Huber) and the fit repeated, and the interval's noise becomes the robust
 * spread; Prophet expects outliers to be removed by hand. (6) Only the linear trend; no logistic growth yet.
 */
public final class ProphetModel implements Forecaster {

    /**
     * @param changepoints          potential trend changepoints
     * @param changepointRange      share of the history they are spread over
     * @param changepointPriorScale Laplace scale of the rate changes (smaller: stiffer trend)
     * @param seasonalityPriorScale normal scale of the Fourier coefficients
     * @param periodsSeconds        seasonal periods in seconds; empty to detect them
     * @param simulations           sampled future paths for the interval
     * @param seed                  random seed of those paths
     */
    public record Options(int changepoints, double changepointRange, double changepointPriorScale,
                          double seasonalityPriorScale, long[] periodsSeconds, int simulations, long seed,
                          List<ScheduledEvent> events, double eventPriorScale) {
        public static final Options DEFAULTS = new Options(25, 0.8, 0.05, 10, new long[0], 300, 7, List.of(), 10);

        public Options {
            events = List.copyOf(events);
        }

        public Options withPeriods(long... seconds) {
            return new Options(changepoints, changepointRange, changepointPriorScale, seasonalityPriorScale,
                    seconds.clone(), simulations, seed, events, eventPriorScale);
        }

        /**
         * Calendar events (past and upcoming occurrences) as regressors: one effect per event name, shared by all
         * its occurrences, so a lift seen in history carries to the next occurrence. A name never seen in the
         * history uses its {@code expectedLift} (none if NaN).
         */
        public Options withEvents(List<ScheduledEvent> calendar) {
            return new Options(changepoints, changepointRange, changepointPriorScale, seasonalityPriorScale,
                    periodsSeconds, simulations, seed, calendar, eventPriorScale);
        }
    }

    private static final int IRLS_ITERATIONS = 40;
    private static final double EPSILON = 1e-6;
    private static final double HUBER_K = 2.5;
    /** Robust z-score past which an observation counts as an outlier and the fit is repeated with Huber weights. */
    private static final double OUTLIER_K = 5;

    private final Options options;

    public ProphetModel(Options options) {
        this.options = options;
    }

    public ProphetModel() {
        this(Options.DEFAULTS);
    }

    @Override
    public String name() {
        return "prophet";
    }

    /** The fitted model: what {@link #forecast} extrapolates. */
    record Fit(long t0, double span, double scale, double[] changepoints, double[] beta, long[] periods, int[] orders,
               List<List<long[]>> eventWindows, double sigma, double meanAbsDelta, double changeRate) {
    }

    @Override
    public Forecast forecast(Series history, int horizon, double intervalWidth) {
        Intervals.z(intervalWidth); // rejects a width that is not a probability, before any work
        if (horizon > history.size()) {
            throw new ForecastException("prophet will not forecast " + horizon + " steps from " + history.size()
                    + " steps of history", "forecast at most as far ahead as the history reaches back");
        }
        Fit fit = fit(history);
        long start = history.start() + history.size() * history.step();
        double[] point = new double[horizon];
        double[] lower = new double[horizon];
        double[] upper = new double[horizon];
        double[] t = new double[horizon];
        double[] base = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            long time = start + h * history.step();
            t[h] = (time - fit.t0) / fit.span;
            base[h] = predict(fit, time, t[h]);
            point[h] = Math.max(0, Math.expm1(base[h] * fit.scale));
        }
        // future trend changes: as many per unit time as the history allowed, Laplace-sized as the fitted ones
        SplittableRandom random = new SplittableRandom(options.seed());
        double[][] paths = new double[options.simulations()][horizon];
        double tEnd = t[horizon - 1];
        double tStart = (start - fit.t0) / fit.span;
        for (int s = 0; s < options.simulations(); s++) {
            int changes = poisson(random, fit.changeRate * Math.max(0, tEnd - tStart));
            double[] at = new double[changes];
            double[] delta = new double[changes];
            for (int c = 0; c < changes; c++) {
                at[c] = tStart + random.nextDouble() * (tEnd - tStart);
                double u = random.nextDouble() - 0.5;
                delta[c] = -fit.meanAbsDelta * Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
            }
            for (int h = 0; h < horizon; h++) {
                double trend = 0;
                for (int c = 0; c < changes; c++) {
                    trend += t[h] > at[c] ? delta[c] * (t[h] - at[c]) : 0;
                }
                paths[s][h] = base[h] + trend + fit.sigma * gaussian(random);
            }
        }
        double[] column = new double[options.simulations()];
        double low = (1 - intervalWidth) / 2;
        for (int h = 0; h < horizon; h++) {
            for (int s = 0; s < column.length; s++) {
                column[s] = paths[s][h];
            }
            Arrays.sort(column);
            lower[h] = Math.max(0, Math.expm1(quantile(column, low) * fit.scale));
            upper[h] = Math.max(lower[h], Math.expm1(quantile(column, 1 - low) * fit.scale));
        }
        return new Forecast(name(), start, history.step(), point, lower, upper, intervalWidth);
    }

    /** MAP fit of the model to the observed values of {@code history}. */
    Fit fit(Series history) {
        List<Integer> observed = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            if (!Double.isNaN(history.at(i))) {
                observed.add(i);
            }
        }
        if (observed.size() < 2 * Math.max(10, options.changepoints())) {
            throw new ForecastException("prophet needs at least " + 2 * Math.max(10, options.changepoints())
                    + " observed values, but had " + observed.size(), "give it more history");
        }
        long t0 = history.start();
        double span = Math.max(1, (observed.get(observed.size() - 1) - observed.get(0)) * (double) history.step());
        double[] y = new double[observed.size()];
        double max = 0;
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.log1p(history.at(observed.get(i)));
            max = Math.max(max, Math.abs(y[i]));
        }
        if (max == 0) {
            throw new ForecastException("the history is all zeros", "a constant zero series needs no model; "
                    + "forecast 0");
        }
        double scale = max;
        for (int i = 0; i < y.length; i++) {
            y[i] /= scale;
        }
        long[] periods = periods(history, span);
        int[] orders = new int[periods.length];
        for (int p = 0; p < periods.length; p++) {
            orders[p] = periods[p] >= 7 * 86_400 ? 3 : periods[p] >= 86_400 ? 10 : 4;
        }
        int nChanges = options.changepoints();
        double[] changepoints = new double[nChanges];
        for (int j = 0; j < nChanges; j++) {
            int index = (int) Math.floor((j + 1) * options.changepointRange() * (y.length - 1) / (nChanges + 1));
            changepoints[j] = (observed.get(index) - observed.get(0)) * (double) history.step() / span;
        }
        List<List<long[]>> eventWindows = eventWindows();
        int seasonal = 2 * Arrays.stream(orders).sum();
        int p = 2 + nChanges + seasonal + eventWindows.size();
        double[][] x = new double[y.length][];
        boolean[] eventSeen = new boolean[eventWindows.size()];
        for (int i = 0; i < y.length; i++) {
            long time = history.start() + observed.get(i) * history.step();
            x[i] = features(time, (time - t0) / span, changepoints, periods, orders, eventWindows, p);
            for (int e = 0; e < eventSeen.length; e++) {
                eventSeen[e] |= x[i][p - eventWindows.size() + e] != 0;
            }
        }
        // squared loss first; then observations far off the fit (outage minutes, bot bursts) are down-weighted
        // (Huber) and the fit repeated once, so a few wild points neither bend the curve nor widen the interval
        double[] rowWeight = new double[y.length];
        Arrays.fill(rowWeight, 1);
        double[] beta = map(x, y, rowWeight, p, nChanges, seasonal, eventWindows.size(), new double[p]);
        double[] residual = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            residual[i] = y[i] - dot(x[i], beta);
        }
        double robust = Intervals.robustSigma(residual);
        boolean outliers = false;
        for (int i = 0; i < y.length && robust > 0; i++) {
            double u = Math.abs(residual[i]) / robust;
            rowWeight[i] = u <= HUBER_K ? 1 : HUBER_K / u;
            outliers |= u > OUTLIER_K;
        }
        if (outliers) {
            beta = map(x, y, rowWeight, p, nChanges, seasonal, eventWindows.size(), beta);
        } else {
            Arrays.fill(rowWeight, 1);
        }
        for (int i = 0; i < y.length; i++) {
            residual[i] = y[i] - dot(x[i], beta);
        }
        // the noise of the interval: the plain residual spread, or its robust estimate when outliers were set aside
        double sigma2 = Math.max(1e-12, outliers ? Math.pow(Intervals.robustSigma(residual), 2)
                : Arrays.stream(residual).map(e -> e * e).sum() / y.length);
        List<String> names = new ArrayList<>(eventNames().keySet());
        for (int e = 0; e < eventSeen.length; e++) {
            if (!eventSeen[e]) { // never in the history: the business's expected lift, in the scaled log space
                double lift = eventNames().get(names.get(e));
                beta[p - eventWindows.size() + e] = Double.isNaN(lift) ? 0 : Math.log(lift) / scale;
            }
        }
        double meanAbsDelta = 0;
        for (int j = 0; j < nChanges; j++) {
            meanAbsDelta += Math.abs(beta[2 + j]);
        }
        meanAbsDelta = Math.max(meanAbsDelta / nChanges, 1e-9);
        double changeRate = nChanges / Math.max(EPSILON, changepoints[nChanges - 1]);
        return new Fit(t0, span, scale, changepoints, beta, periods, orders, eventWindows, Math.sqrt(sigma2),
                meanAbsDelta, changeRate);
    }

    /**
     * MAP estimate by iteratively reweighted ridge regression: the weighted normal equations are built once, and each
     * step only changes the diagonal prior (the Laplace prior on changepoint deltas as a Gaussian matched at the
     * current delta).
     */
    private double[] map(double[][] x, double[] y, double[] rowWeight, int p, int nChanges, int seasonal, int events,
                         double[] start) {
        double[][] xtx = new double[p][p];
        double[] xty = new double[p];
        double weights = 0;
        for (int i = 0; i < y.length; i++) {
            double[] row = x[i];
            double w = rowWeight[i];
            weights += w;
            for (int a = 0; a < p; a++) {
                if (row[a] == 0) {
                    continue;
                }
                double wa = w * row[a];
                xty[a] += wa * y[i];
                for (int b = a; b < p; b++) {
                    xtx[a][b] += wa * row[b];
                }
            }
        }
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < a; b++) {
                xtx[a][b] = xtx[b][a];
            }
        }
        double[] beta = start.clone();
        double sigma2 = variance(y);
        double[] weight = new double[nChanges];
        for (int j = 0; j < nChanges; j++) {
            weight[j] = 1 / (options.changepointPriorScale() * Math.max(Math.abs(beta[2 + j]),
                    options.changepointPriorScale()));
        }
        for (int iteration = 0; iteration < IRLS_ITERATIONS; iteration++) {
            RealMatrix a = MatrixUtils.createRealMatrix(p, p);
            for (int r = 0; r < p; r++) {
                for (int c = 0; c < p; c++) {
                    a.setEntry(r, c, xtx[r][c] / sigma2);
                }
            }
            a.addToEntry(0, 0, 1 / 25.0);
            a.addToEntry(1, 1, 1 / 25.0);
            for (int j = 0; j < nChanges; j++) {
                a.addToEntry(2 + j, 2 + j, weight[j]);
            }
            for (int f = 2 + nChanges; f < 2 + nChanges + seasonal; f++) {
                a.addToEntry(f, f, 1 / (options.seasonalityPriorScale() * options.seasonalityPriorScale()));
            }
            for (int e = 0; e < events; e++) {
                a.addToEntry(p - events + e, p - events + e,
                        1 / (options.eventPriorScale() * options.eventPriorScale()));
            }
            RealVector rhs = MatrixUtils.createRealVector(xty).mapDivide(sigma2);
            double[] next = new CholeskyDecomposition(a, 1e-12, 1e-14).getSolver().solve(rhs).toArray();
            double change = 0;
            for (int k = 0; k < p; k++) {
                change = Math.max(change, Math.abs(next[k] - beta[k]));
            }
            beta = next;
            double rss = 0;
            for (int i = 0; i < y.length; i++) {
                double e = y[i] - dot(x[i], beta);
                rss += rowWeight[i] * e * e;
            }
            sigma2 = Math.max(1e-12, rss / weights);
            for (int j = 0; j < nChanges; j++) {
                // |delta| / tau as a Gaussian matched at the current delta: weight = 1 / (tau * |delta|)
                weight[j] = 1 / (options.changepointPriorScale() * Math.max(Math.abs(beta[2 + j]), EPSILON));
            }
            if (change < 1e-7 && iteration > 3) {
                break;
            }
        }
        return beta;
    }

    private long[] periods(Series history, double spanSeconds) {
        if (options.periodsSeconds().length > 0) {
            return options.periodsSeconds().clone();
        }
        return SeasonDetector.detect(history).stream().mapToLong(steps -> steps * history.step())
                .filter(seconds -> 2 * seconds <= spanSeconds).toArray();
    }

    /** Expected lift per event name, in first-seen order (NaN when the calendar gives none). */
    private Map<String, Double> eventNames() {
        Map<String, Double> names = new LinkedHashMap<>();
        for (ScheduledEvent e : options.events()) {
            names.merge(e.name(), e.expectedLift(), (a, b) -> Double.isNaN(a) ? b : a);
        }
        return names;
    }

    /** For each event name, its occurrences as [start, end) epoch seconds. */
    private List<List<long[]>> eventWindows() {
        List<List<long[]>> windows = new ArrayList<>();
        for (String name : eventNames().keySet()) {
            windows.add(options.events().stream().filter(e -> e.name().equals(name))
                    .map(e -> new long[]{e.start().toEpochSecond(), e.end().toEpochSecond()}).toList());
        }
        return windows;
    }

    private static double[] features(long time, double t, double[] changepoints, long[] periods, int[] orders,
                                     List<List<long[]>> eventWindows, int p) {
        double[] row = new double[p];
        row[0] = 1;
        row[1] = t;
        for (int j = 0; j < changepoints.length; j++) {
            row[2 + j] = t > changepoints[j] ? t - changepoints[j] : 0;
        }
        int column = 2 + changepoints.length;
        for (int s = 0; s < periods.length; s++) {
            double phase = 2 * Math.PI * Math.floorMod(time, periods[s]) / periods[s];
            for (int n = 1; n <= orders[s]; n++) {
                row[column++] = Math.sin(n * phase);
                row[column++] = Math.cos(n * phase);
            }
        }
        for (List<long[]> occurrences : eventWindows) {
            for (long[] window : occurrences) {
                if (time >= window[0] && time < window[1]) {
                    row[column] = 1;
                }
            }
            column++;
        }
        return row;
    }

    private static double predict(Fit fit, long time, double t) {
        int p = fit.beta.length;
        return dot(features(time, t, fit.changepoints, fit.periods, fit.orders, fit.eventWindows, p), fit.beta);
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double variance(double[] y) {
        double mean = Arrays.stream(y).average().orElse(0);
        double sum = 0;
        for (double v : y) {
            sum += (v - mean) * (v - mean);
        }
        return Math.max(1e-6, sum / y.length);
    }

    private static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(sorted.length - 1, lower + 1);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }

    private static int poisson(SplittableRandom random, double mean) {
        int count = 0;
        double limit = Math.exp(-Math.min(mean, 700));
        double product = random.nextDouble();
        while (product > limit) {
            count++;
            product *= random.nextDouble();
        }
        return count;
    }

    private static double gaussian(SplittableRandom random) {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
