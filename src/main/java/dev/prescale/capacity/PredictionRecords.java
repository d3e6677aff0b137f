package dev.prescale.capacity;

import dev.prescale.forecast.Forecast;
import dev.prescale.store.Point;
import dev.prescale.store.TimeSeriesStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes forecasts and predicted utilization to the store, where Grafana draws them against what happened
 * (measurements {@code forecast} and {@code predicted_utilization} of profile-db/SCHEMA.md).
 */
public final class PredictionRecords {

    private PredictionRecords() {
    }

    /** One {@code forecast} point per step, tagged with the series, the model and the run that made it. */
    public static void saveForecast(TimeSeriesStore store, String series, String runId, Forecast forecast) {
        saveForecast(store, series, runId, forecast, null);
    }

    /** As above, each row naming the model version that made it ({@code model_version}), when there is one. */
    public static void saveForecast(TimeSeriesStore store, String series, String runId, Forecast forecast,
                                    String modelVersion) {
        List<Point> points = new ArrayList<>(forecast.horizon());
        double[] point = forecast.point();
        double[] lower = forecast.lower();
        double[] upper = forecast.upper();
        for (int h = 0; h < forecast.horizon(); h++) {
            Point.Builder p = Point.of("forecast", Instant.ofEpochSecond(forecast.start() + h * forecast.step()))
                    .tag("series", series).tag("model", forecast.model()).tag("run_id", runId)
                    .field("yhat", point[h]).field("yhat_lower", lower[h])
                    .field("yhat_upper", upper[h]).field("interval_width", forecast.intervalWidth());
            if (modelVersion != null) {
                p.field("model_version", modelVersion);
            }
            points.add(p.build());
        }
        store.write(points);
    }

    /**
     * One {@code predicted_utilization} point per forecast step, for {@code group} at the prediction's size, with the
     * {@code threshold} the scaling policy holds it under (so a dashboard draws the line and an alert compares to it).
     */
    public static void savePredictedUtilization(TimeSeriesStore store, String group, String runId, Forecast traffic,
                                                CapacityModel.Prediction prediction, double threshold) {
        List<Point> points = new ArrayList<>(traffic.horizon());
        for (int h = 0; h < traffic.horizon(); h++) {
            points.add(Point.of("predicted_utilization", Instant.ofEpochSecond(traffic.start() + h * traffic.step()))
                    .tag("group", group).tag("run_id", runId)
                    .field("utilization", prediction.point()[h]).field("utilization_lower", prediction.lower()[h])
                    .field("utilization_upper", prediction.upper()[h])
                    .field("instances", (long) prediction.instances()).field("threshold", threshold).build());
        }
        store.write(points);
    }
}
