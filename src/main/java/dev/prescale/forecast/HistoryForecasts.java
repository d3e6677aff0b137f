package dev.prescale.forecast;

import dev.prescale.profile.RateTrace;
import dev.prescale.profile.ScheduledEvent;
import dev.prescale.store.ProfileStore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Forecasts a traffic history series of the store with the business calendar of the same store: every event from
 * the start of the history to the end of the horizon becomes a regressor of the Prophet model, so last year's sale
 * lifts this year's, and an announced launch carries its expected lift. Event times are each event's local time in
 * its own zone, resolved to instants, so daylight-saving shifts land where the shoppers are.
 */
public final class HistoryForecasts {

    private HistoryForecasts() {
    }

    /**
     * @param series  the history series ({@code traffic_history}, tag {@code trace})
     * @param horizon how far past the end of the history to forecast
     * @param options model options; the calendar's events are added to them
     * @throws ForecastException when the horizon is shorter than one step of the series
     */
    public static Forecast forecast(ProfileStore store, String series, Duration horizon, double intervalWidth,
                                    ProphetModel.Options options) {
        RateTrace trace = store.history(series);
        Series history = Series.fromTrace(trace);
        int steps = (int) (horizon.toSeconds() / history.step());
        if (steps < 1) {
            throw new ForecastException("a horizon of " + horizon + " is shorter than one step (" + history.step()
                    + " s) of history series " + series, "forecast at least one step ahead");
        }
        Instant end = Instant.ofEpochSecond(history.start() + (history.size() + steps) * history.step());
        List<ScheduledEvent> calendar = store.events(trace.start(), end);
        return new ProphetModel(options.withEvents(calendar)).forecast(history, steps, intervalWidth);
    }
}
