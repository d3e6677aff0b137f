package dev.prescale.forecast;

import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.SimpleBounds;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * Holt-Winters exponential smoothing with a damped trend, additive or multiplicative seasonality (PHPA's model, with
 * its parameters fitted rather than configured): smoothing weights alpha, beta, gamma and the damping phi minimise
 * the one-step-ahead squared error over the history (BOBYQA, bounded). Missing values are bridged by the model's own
 * prediction. Intervals come from the one-step residual spread, widened with the horizon by the additive model's
 * variance formula.
 */
public final class HoltWinters implements Forecaster {

    public enum Seasonality {ADDITIVE, MULTIPLICATIVE}

    /** Fitted smoothing parameters and the one-step residual standard deviation. */
    public record Fit(double alpha, double beta, double gamma, double phi, double sigma) {
    }

    private static final int INIT_SEASONS = 4;

    private final int season;
    private final Seasonality seasonality;
    private final boolean damped;

    public HoltWinters(int season, Seasonality seasonality, boolean damped) {
        if (season < 2) {
            throw new IllegalArgumentException("Holt-Winters needs a season of at least 2 steps, but had " + season);
        }
        this.season = season;
        this.seasonality = seasonality;
        this.damped = damped;
    }

    @Override
    public String name() {
        return "holt-winters(" + (seasonality == Seasonality.ADDITIVE ? "add" : "mul") + (damped ? ",damped" : "")
                + "," + season + ")";
    }

    @Override
    public Forecast forecast(Series history, int horizon, double intervalWidth) {
        check(history, horizon);
        double shift = zeroShift(history);
        double[] y = history.values();
        for (int i = 0; i < y.length; i++) {
            y[i] += shift; // NaN stays NaN
        }
        Fit fit = fit(y);
        State state = run(y, fit.alpha, fit.beta, fit.gamma, fit.phi);
        double z = Intervals.z(intervalWidth);
        double[] point = new double[horizon];
        double[] lower = new double[horizon];
        double[] upper = new double[horizon];
        double dampSum = 0;
        double varianceSum = 0;
        for (int h = 1; h <= horizon; h++) {
            dampSum += Math.pow(fit.phi, h);
            double seasonal = state.seasonal[(state.next + h - 1) % season];
            double base = state.level + dampSum * state.trend;
            point[h - 1] = Math.max(0, seasonality == Seasonality.ADDITIVE ? base + seasonal : base * seasonal);
            if (h > 1) {
                double cumulativeDamp = 0;
                for (int i = 1; i < h; i++) {
                    cumulativeDamp += Math.pow(fit.phi, i);
                }
                double c = fit.alpha * (1 + fit.beta * cumulativeDamp) + ((h - 1) % season == 0 ? fit.gamma : 0);
                varianceSum += c * c;
            }
            double scale = seasonality == Seasonality.ADDITIVE ? 1 : seasonal;
            double spread = z * fit.sigma * scale * Math.sqrt(1 + varianceSum);
            lower[h - 1] = Math.max(0, point[h - 1] - spread);
            upper[h - 1] = point[h - 1] + spread;
        }
        for (int h = 0; h < horizon; h++) {
            point[h] = Math.max(0, point[h] - shift);
            lower[h] = Math.max(0, lower[h] - shift);
            upper[h] = Math.max(point[h], upper[h] - shift);
        }
        return new Forecast(name(), history.start() + y.length * history.step(), history.step(), point, lower, upper,
                intervalWidth);
    }

    /**
     * What a multiplicative model adds to a history with zeros before fitting (and takes off its forecast): 5% of the
     * observed mean, so a quiet night is a small level rather than a factor of zero that no season can climb out of.
     * Zero for the additive model and for histories without zeros.
     */
    private double zeroShift(Series history) {
        if (seasonality != Seasonality.MULTIPLICATIVE) {
            return 0;
        }
        double sum = 0;
        int n = 0;
        boolean zero = false;
        for (double v : history.values()) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
                zero |= v == 0;
            }
        }
        return zero && n > 0 ? Math.max(1e-9, 0.05 * sum / n) : 0;
    }

    /** Fits the smoothing parameters to {@code history}. */
    public Fit fit(Series history) {
        check(history, 1);
        return fit(history.values());
    }

    private void check(Series history, int horizon) {
        if (history.size() < 2 * season || history.observed() < 2 * season * 0.8) {
            throw new ForecastException(name() + " needs two seasons (" + 2 * season + " steps, at least 80% observed) "
                    + "of history, but had " + history.size() + " steps with " + history.observed() + " observed",
                    "give it more history or use a shorter season");
        }
        if (horizon > history.size()) {
            throw new ForecastException(name() + " will not forecast " + horizon + " steps from " + history.size()
                    + " steps of history", "forecast at most as far ahead as the history reaches back");
        }
    }

    private Fit fit(double[] y) {
        double[] lowerBound = {1e-3, 0, 0, damped ? 0.8 : 1};
        double[] upperBound = {0.999, 0.5, 0.999, damped ? 0.999 : 1 + 1e-9};
        double[] start = {0.3, 0.01, 0.1, damped ? 0.95 : 1};
        BOBYQAOptimizer optimizer = new BOBYQAOptimizer(2 * 4 + 1);
        double[] best;
        try {
            best = optimizer.optimize(new MaxEval(3000), GoalType.MINIMIZE, new InitialGuess(start),
                    new SimpleBounds(lowerBound, upperBound),
                    new ObjectiveFunction(p -> run(y, p[0], p[1], p[2], p[3]).sse)).getPoint();
        } catch (MathIllegalStateException e) {
            best = start; // the error surface is flat enough that BOBYQA did not settle: keep the usual defaults
        }
        State state = run(y, best[0], best[1], best[2], best[3]);
        double sigma = Math.sqrt(state.sse / Math.max(1, state.errors - 4));
        return new Fit(best[0], best[1], best[2], Math.min(1, best[3]), sigma);
    }

    private static final class State {
        double level;
        double trend;
        double[] seasonal;
        int next;
        double sse;
        int errors;
    }

    /**
     * Runs the recursions over the history. The initial state is a classical decomposition of the first seasons (up
     * to {@value #INIT_SEASONS}): level from the first, trend from the first to the last, seasonal indices averaged
     * over all of them, so one noisy day does not become the seasonal shape for good.
     */
    private State run(double[] y, double alpha, double beta, double gamma, double phi) {
        int m = season;
        int initial = Math.max(2, Math.min(INIT_SEASONS, y.length / m));
        double[] seasonMean = new double[initial];
        for (int j = 0; j < initial; j++) {
            seasonMean[j] = mean(y, j * m, (j + 1) * m);
        }
        State s = new State();
        s.level = seasonMean[0];
        s.trend = (seasonMean[initial - 1] - seasonMean[0]) / ((initial - 1) * m);
        s.seasonal = new double[m];
        for (int i = 0; i < m; i++) {
            double sum = 0;
            int count = 0;
            for (int j = 0; j < initial; j++) {
                double v = y[j * m + i];
                if (!Double.isNaN(v) && seasonMean[j] != 0) {
                    sum += seasonality == Seasonality.ADDITIVE ? v - seasonMean[j] : v / seasonMean[j];
                    count++;
                }
            }
            s.seasonal[i] = count == 0 ? (seasonality == Seasonality.ADDITIVE ? 0 : 1) : sum / count;
        }
        for (int t = m; t < y.length; t++) {
            int k = t % m;
            double seasonal = s.seasonal[k];
            double base = s.level + phi * s.trend;
            double predicted = seasonality == Seasonality.ADDITIVE ? base + seasonal : base * seasonal;
            if (Double.isNaN(y[t])) {
                s.level = base;
                s.trend = phi * s.trend;
                continue;
            }
            double error = y[t] - predicted;
            s.sse += error * error;
            s.errors++;
            double previousLevel = s.level;
            if (seasonality == Seasonality.ADDITIVE) {
                s.level = alpha * (y[t] - seasonal) + (1 - alpha) * base;
                s.seasonal[k] = gamma * (y[t] - s.level) + (1 - gamma) * seasonal;
            } else {
                s.level = alpha * (y[t] / seasonal) + (1 - alpha) * base;
                s.seasonal[k] = gamma * (y[t] / s.level) + (1 - gamma) * seasonal;
            }
            s.trend = beta * (s.level - previousLevel) + (1 - beta) * phi * s.trend;
        }
        s.next = y.length % m;
        return s;
    }

    private static double mean(double[] y, int from, int to) {
        double sum = 0;
        int n = 0;
        for (int i = from; i < to; i++) {
            if (!Double.isNaN(y[i])) {
                sum += y[i];
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }
}
