package dev.prescale.capacity;

import dev.prescale.forecast.ForecastException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LatencyCurveTest {

    /** p95 = 40 + 40 u / (1 - u): the knee (double the unloaded p95) at u = 0.5. */
    static double p95(double u) {
        return 40 + 40 * u / (1 - u);
    }

    @Test
    void findsTheKneeDespiteOneSlowRehearsal() {
        List<LoadSample> samples = new ArrayList<>();
        for (double u : new double[]{0.2, 0.35, 0.5, 0.65, 0.8}) {
            samples.add(new LoadSample(100 * u, 1, u, p95(u)));
        }
        samples.add(new LoadSample(30, 1, 0.3, 900)); // a garbage-collection pause
        samples.add(new LoadSample(100, 1, 1.0, 5000)); // saturated: no information about the curve

        LatencyCurve curve = LatencyCurve.fit(samples);

        assertThat(curve.baseMillis()).isCloseTo(40, within(1.0));
        assertThat(curve.knee()).isCloseTo(0.5, within(0.01));
        assertThat(curve.p95At(0.9)).isCloseTo(p95(0.9), within(0.05 * p95(0.9)));
        // 120 ms allows u / (1 - u) = 2, that is u = 2/3
        assertThat(curve.maxUtilizationFor(120)).isCloseTo(2 / 3.0, within(0.01));
        assertThat(curve.maxUtilizationFor(30)).isZero();
    }

    @Test
    void saysWhatItNeeds() {
        assertThatThrownBy(() -> LatencyCurve.fit(List.of(new LoadSample(10, 1, 0.2, Double.NaN),
                new LoadSample(20, 1, 0.4, 50)))).isInstanceOf(ForecastException.class)
                .hasMessageContaining("two or more utilization levels");
        assertThatThrownBy(() -> LatencyCurve.fit(List.of(new LoadSample(10, 1, 0.2, 80),
                new LoadSample(20, 1, 0.4, 50)))).hasMessageContaining("did not grow with utilization");
    }
}
