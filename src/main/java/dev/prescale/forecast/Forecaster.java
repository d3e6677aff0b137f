package dev.prescale.forecast;

/**
 * A forecasting model: fits on history, forecasts the next {@code horizon} steps with a central prediction interval.
 * Implementations are stateless between calls, so one instance serves any number of series.
 */
public interface Forecaster {

    /** Short name used in backtest tables and in the store ({@code forecast.model}). */
    String name();

    /**
     * @param history       the past, on a regular grid; NaN where missing
     * @param horizon       steps to forecast after the last one of {@code history}
     * @param intervalWidth probability the interval should hold, e.g. 0.8
     * @throws ForecastException when the history is too short or the horizon too long for the model, saying what
     *                           would be enough
     */
    Forecast forecast(Series history, int horizon, double intervalWidth);
}
