package dev.prescale.capacity;

import dev.prescale.forecast.Forecast;
import dev.prescale.forecast.ForecastException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CapacityModelTest {

    @Test
    void oneDisturbedRehearsalDoesNotTiltTheLine() {
        // utilization = 0.05 + 0.01 x rps per instance, and one sample hit by a noisy neighbour
        List<LoadSample> samples = List.of(new LoadSample(20, 2, 0.15, 100), new LoadSample(40, 2, 0.25, 110),
                new LoadSample(60, 2, 0.35, 120), new LoadSample(80, 2, 0.45, 150), new LoadSample(50, 2, 0.9, 900),
                new LoadSample(100, 4, 0.30, 110));

        CapacityModel model = CapacityModel.fit(samples);

        assertThat(model.intercept()).isCloseTo(0.05, within(0.01));
        assertThat(model.slope()).isCloseTo(0.01, within(0.0005));
        assertThat(model.utilizationAt(300, 5)).isCloseTo(0.65, within(0.02));
    }

    @Test
    void mapsAForecastToUtilizationAndInstances() {
        CapacityModel model = new CapacityModel(0.05, 0.01, 0.02);
        Forecast traffic = new Forecast("test", 0, 60, new double[]{6000, 12000}, new double[]{5000, 10000},
                new double[]{7200, 14400}, 0.8); // requests per minute: 100/s and 200/s, upper 120/s and 240/s

        CapacityModel.Prediction p = model.predict(traffic, 4, 1.28);

        assertThat(p.point()).containsExactly(new double[]{0.3, 0.55}, within(1e-9));
        assertThat(p.upper()[1]).isCloseTo(0.05 + 0.01 * 60 + 1.28 * 0.02, within(1e-9));
        // lower 10000/min = 166.7/s over 4: 0.05 + 0.01 x 41.67 - margin
        assertThat(p.lower()[1]).isCloseTo(0.05 + 0.01 * 10000 / 60 / 4 - 1.28 * 0.02, within(1e-9));
        // keep 240/s under 70% with the margin: 0.01 x 240 / n <= 0.7 - 0.05 - 0.0256
        assertThat(model.instancesNeeded(240, 0.7, 1.28)).isEqualTo(4);
        assertThat(model.instancesNeeded(241, 0.6, 1.28)).isEqualTo(5);
    }

    @Test
    void refusesWhatItCannotFit() {
        assertThatThrownBy(() -> CapacityModel.fit(List.of(new LoadSample(20, 2, 0.1, 1), new LoadSample(20, 2, 0.2,
                1)))).isInstanceOf(ForecastException.class).hasMessageContaining("two or more load levels");
        assertThatThrownBy(() -> new CapacityModel(0.5, 0.01, 0.05).instancesNeeded(100, 0.5, 1.28))
                .hasMessageContaining("below what an idle instance uses");
    }
}
