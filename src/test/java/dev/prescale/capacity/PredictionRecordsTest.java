package dev.prescale.capacity;

import dev.prescale.forecast.Forecast;
import dev.prescale.store.LineProtocolFileStore;
import dev.prescale.store.Point;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PredictionRecordsTest {

    @TempDir
    Path dir;

    @Test
    void forecastsAndPredictedUtilizationLandAsSchemaSays() {
        Forecast traffic = new Forecast("prophet", 1_795_770_000L, 60, new double[]{6000, 9000},
                new double[]{5000, 8000}, new double[]{7000, 10500}, 0.8);
        CapacityModel model = new CapacityModel(0.05, 0.01, 0.02);
        try (LineProtocolFileStore store = new LineProtocolFileStore(null, dir)) {
            PredictionRecords.saveForecast(store, "storefront", "ctl-1", traffic);
            PredictionRecords.savePredictedUtilization(store, "web-asg", "ctl-1", traffic,
                    model.predict(traffic, 3, 1.28), 0.7);

            List<Point> forecast = store.read("forecast", Map.of("series", "storefront", "model", "prophet"),
                    Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"));
            List<Point> utilization = store.read("predicted_utilization", Map.of("group", "web-asg"), Instant.EPOCH,
                    Instant.parse("2100-01-01T00:00:00Z"));

            assertThat(forecast).extracting(p -> p.number("yhat_upper")).containsExactly(7000.0, 10500.0);
            assertThat(forecast.get(1).time()).isEqualTo(Instant.ofEpochSecond(1_795_770_060L));
            assertThat(utilization).extracting(p -> p.number("utilization")).containsExactly(
                    0.05 + 0.01 * 100 / 3, 0.05 + 0.01 * 150 / 3);
            assertThat(utilization.get(0).number("instances")).isEqualTo(3.0);
            assertThat(utilization.get(0).number("threshold")).isEqualTo(0.7);
            assertThat(utilization.get(0).number("utilization_lower")).isLessThan(utilization.get(0)
                    .number("utilization"));
        }
    }
}
