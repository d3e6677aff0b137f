package dev.prescale.controller;

import dev.prescale.forecast.Series;
import dev.prescale.store.Point;

import java.time.Instant;
import java.util.Locale;

/**
 * One fit of the forecast model the controller acts on: which model, on which history, and why it was fitted then.
 * The version names the model and its training data ({@code model@end-of-history#hash-of-values}), so the same fit on
 * the same data is the same version after a restart, and every forecast row in the store says which version made it.
 *
 * @param reason       {@code scheduled} (the refit interval passed), {@code event-ahead} (a calendar event in the
 *                     window: the Prophet model with the events as regressors) or {@code fallback} (the ranked
 *                     model could not forecast; the next one did)
 * @param backtestMase the model's MASE in the last ranking, NaN for a model not ranked (the event model)
 */
public record ModelVersion(String series, String model, String version, Instant trainedAt, Instant historyFrom,
                           Instant historyTo, long observedSteps, double backtestMase, String reason) {

    public static ModelVersion of(String series, String model, Series history, Instant trainedAt, double backtestMase,
                                  String reason) {
        long hash = 1125899906842597L;
        for (double v : history.values()) {
            hash = 31 * hash + Double.hashCode(v);
        }
        Instant from = Instant.ofEpochSecond(history.start());
        Instant to = Instant.ofEpochSecond(history.start() + history.size() * history.step());
        String version = String.format(Locale.ROOT, "%s@%s#%08x", model, to, (int) (hash ^ (hash >>> 32)));
        return new ModelVersion(series, model, version, trainedAt, from, to, history.observed(), backtestMase,
                reason);
    }

    Point toPoint() {
        Point.Builder p = Point.of("model_version", trainedAt).tag("series", series).tag("model", model)
                .field("version", version).field("history_from", historyFrom.toString())
                .field("history_to", historyTo.toString()).field("observed_steps", observedSteps)
                .field("reason", reason);
        if (Double.isFinite(backtestMase)) {
            p.field("backtest_mase", backtestMase);
        }
        return p.build();
    }
}
