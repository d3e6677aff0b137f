package dev.prescale.profile;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LoadPatternTest {

    @Test
    void constantIsFlat() {
        LoadPattern p = new LoadPattern.Constant(25);
        assertThat(p.rateAt(0, 60)).isEqualTo(25);
        assertThat(p.rateAt(59, 60)).isEqualTo(25);
        assertThat(p.requestsBetween(10, 70, 60)).isEqualTo(1500);
    }

    @Test
    void linearGoesFromStartToEndOverTheProfile() {
        LoadPattern p = new LoadPattern.LinearIncrease(10, 70);
        assertThat(p.rateAt(0, 600)).isEqualTo(10);
        assertThat(p.rateAt(300, 600)).isEqualTo(40);
        assertThat(p.rateAt(600, 600)).isEqualTo(70);
        assertThat(p.requestsBetween(0, 600, 600)).isCloseTo(24_000, within(1e-9));
    }

    @Test
    void peakValleyPeaksAtItsPhaseAndBottomsHalfAPeriodLater() {
        LoadPattern p = new LoadPattern.PeakValley(Duration.ofHours(24), 80, 8, Duration.ofHours(14));
        assertThat(p.rateAt(14 * 3600, 86400)).isCloseTo(80, within(1e-9));
        assertThat(p.rateAt(2 * 3600, 86400)).isCloseTo(8, within(1e-9));
        assertThat(p.rateAt(38 * 3600, 86400)).isCloseTo(80, within(1e-9));
        // a whole period averages to the midpoint
        assertThat(p.requestsBetween(0, 86400, 86400)).isCloseTo(44 * 86400, within(1e-6));
    }

    @Test
    void closedFormIntegralsAgreeWithNumericIntegration() {
        LoadPattern wave = new LoadPattern.PeakValley(Duration.ofMinutes(7), 50, 5, Duration.ofSeconds(100));
        ExpressionPattern same = new ExpressionPattern("5 + 45*(1 + cos(2*pi*(t - 100)/420))/2");
        for (double[] range : new double[][]{{0, 1000}, {13.5, 77.25}, {400, 4000}}) {
            assertThat(wave.requestsBetween(range[0], range[1], 0))
                    .isCloseTo(same.requestsBetween(range[0], range[1], 0), within(1e-3));
        }
    }

    @Test
    void patternsRejectRatesThatAreNotRates() {
        assertThatThrownBy(() -> new LoadPattern.Constant(-1)).isInstanceOf(ProfileException.class)
                .hasMessageContaining("field 'pattern.rate'").hasMessageContaining("was -1.0");
        assertThatThrownBy(() -> new LoadPattern.Constant(Double.NaN)).hasMessageContaining("was NaN");
        assertThatThrownBy(() -> new LoadPattern.LinearIncrease(1, Double.POSITIVE_INFINITY))
                .hasMessageContaining("field 'pattern.to'");
        assertThatThrownBy(() -> new LoadPattern.PeakValley(Duration.ofHours(1), 5, 10, Duration.ZERO))
                .hasMessageContaining("field 'pattern.trough'").hasMessageContaining("swap them");
        assertThatThrownBy(() -> new LoadPattern.PeakValley(Duration.ZERO, 10, 5, Duration.ZERO))
                .hasMessageContaining("field 'pattern.period'");
    }
}
