package dev.prescale.replay;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class MarkedTraceTest {

    @Test
    void gapsAndLongRunsOfZeroAreMarkedShortOnesAreDemand() {
        double[] perMinute = new double[100];
        Arrays.fill(perMinute, 30);
        perMinute[5] = Double.NaN;
        Arrays.fill(perMinute, 20, 32, 0); // 12 minutes down
        Arrays.fill(perMinute, 50, 53, 0); // 3 quiet minutes

        MarkedTrace marked = MarkedTrace.mark(perMinute);

        assertThat(marked.gapMinutes()).isEqualTo(1);
        assertThat(marked.outageMinutes()).isEqualTo(12);
        assertThat(marked.requestsPerMinute()[25]).isNaN();
        assertThat(marked.requestsPerMinute()[51]).isZero();
        assertThat(marked.describe()).contains("1 minutes without a row").contains("12 minutes of outage");
    }

    @Test
    void aMostlyIdleTraceKeepsItsZeros() {
        double[] perMinute = new double[100];
        perMinute[40] = 5;
        assertThat(MarkedTrace.mark(perMinute).outageMinutes()).isZero();
    }

    @Test
    void markedMinutesAreNeitherScoredNorPaid() {
        double[] rps = new double[60];
        Arrays.fill(rps, 1.0);
        Arrays.fill(rps, 30, 40, Double.NaN);
        CapacitySimulator.Result r = CapacitySimulator.run(rps, 0, CapacitySimulatorTest.SETTINGS, new Oracle(rps));
        assertThat(r.minutes()).isEqualTo(50);
    }
}
