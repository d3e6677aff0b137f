package dev.prescale.forecast;

import java.util.Arrays;

/**
 * Makes another model's intervals hold as often as asked (split-conformal calibration). Model intervals assume the
 * model is right and its errors Gaussian; on real traffic they are too wide (Holt-Winters' variance grows with the
 * horizon) or too narrow (a seasonal model missing a trend). So: hold out the last {@code horizon} steps of the
 * history, forecast them from the rest, and measure how far each actual fell outside the model's own interval, as a
 * multiple of the interval's half-width on that side. The {@code intervalWidth} quantile of those multiples is the
 * factor that would have made the held-out interval hold exactly as often as asked; the forecast from the whole
 * history gets its half-widths scaled by it. Costs one extra fit.
 *
 * <p>Assumes the held-out stretch is like the future (exchangeable errors). A forecast into a calendar event that the
 * held-out stretch did not contain is still only as sure as the model says.
 */
public final class Calibrated implements Forecaster {

    private final Forecaster model;

    public Calibrated(Forecaster model) {
        this.model = model;
    }

    @Override
    public String name() {
        return model.name() + "+conformal";
    }

    @Override
    public Forecast forecast(Series history, int horizon, double intervalWidth) {
        Intervals.z(intervalWidth);
        if (2 * horizon > history.size()) {
            throw new ForecastException("calibrating " + model.name() + " needs a history of at least twice the "
                    + "horizon (" + 2 * horizon + " steps), but had " + history.size(),
                    "give more history or forecast a shorter horizon");
        }
        int split = history.size() - horizon;
        Forecast held = model.forecast(history.head(split), horizon, intervalWidth);
        double factor = factor(held, history.slice(split, history.size()), intervalWidth);
        Forecast f = model.forecast(history, horizon, intervalWidth);
        double[] point = f.point();
        double[] lower = f.lower();
        double[] upper = f.upper();
        for (int h = 0; h < point.length; h++) {
            lower[h] = Math.max(0, point[h] - factor * (point[h] - lower[h]));
            upper[h] = point[h] + factor * (upper[h] - point[h]);
        }
        return new Forecast(name(), f.start(), f.step(), point, lower, upper, intervalWidth);
    }

    /**
     * The smallest scale of {@code forecast}'s half-widths under which {@code intervalWidth} of the actuals fall
     * inside. 1 when nothing was observed in the held-out stretch.
     */
    static double factor(Forecast forecast, Series actual, double intervalWidth) {
        double[] point = forecast.point();
        double[] lower = forecast.lower();
        double[] upper = forecast.upper();
        double[] needed = new double[actual.size()];
        int n = 0;
        for (int h = 0; h < actual.size(); h++) {
            double y = actual.at(h);
            if (Double.isNaN(y)) {
                continue;
            }
            double halfWidth = y >= point[h] ? upper[h] - point[h] : point[h] - lower[h];
            double miss = Math.abs(y - point[h]);
            // a zero-width side (e.g. a lower bound clipped at 0) is judged by the other side's width
            if (halfWidth <= 0) {
                halfWidth = Math.max(upper[h] - point[h], point[h] - lower[h]);
            }
            needed[n++] = halfWidth > 0 ? miss / halfWidth : (miss == 0 ? 0 : Double.MAX_VALUE);
        }
        if (n == 0) {
            return 1;
        }
        double[] sorted = Arrays.copyOf(needed, n);
        Arrays.sort(sorted);
        // the conformal rank: ceil((n + 1) * width) of n, capped at the largest
        int rank = (int) Math.min(n, Math.ceil((n + 1) * intervalWidth));
        double factor = sorted[Math.max(0, rank - 1)];
        if (factor == Double.MAX_VALUE) {
            throw new ForecastException(forecast.model() + " gave zero-width intervals where the actuals differed",
                    "use a model with a noise estimate (seasonal-naive, Holt-Winters, prophet)");
        }
        return factor;
    }
}
