package dev.prescale.profile;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ReplayPatternTest {

    final RateTrace trace = RateTrace.of(Instant.parse("2026-01-01T00:00:00Z"), 60, new double[]{60, 120, 180, 240});

    @Test
    void speedUpCompressesTimeAndKeepsRates() {
        ReplayPattern replay = new ReplayPattern(trace, null, 60, null, null);

        assertThat(replay.replaySeconds()).isEqualTo(4);
        assertThat(replay.rateAt(0.5, 4)).isEqualTo(1);
        assertThat(replay.rateAt(2.5, 4)).isEqualTo(3);
        assertThat(replay.rateAt(4.5, 4)).isZero();
        // rates kept, so the replay holds the recording's requests divided by the speed-up
        assertThat(replay.requestsBetween(0, 4, 4)).isCloseTo(600 / 60.0, within(1e-9));
    }

    @Test
    void replaysAWindow() {
        ReplayPattern window = new ReplayPattern(trace, null, 1, Instant.parse("2026-01-01T00:01:00Z"),
                Instant.parse("2026-01-01T00:03:00Z"));

        assertThat(window.replaySeconds()).isEqualTo(120);
        assertThat(window.rateAt(0, 120)).isEqualTo(2);
        assertThat(window.requestsBetween(0, 120, 120)).isCloseTo(300, within(1e-9));
    }

    @Test
    void refusesABadSpeedUpOrWindow() {
        assertThatThrownBy(() -> new ReplayPattern(trace, null, 0, null, null))
                .hasMessageContaining("field 'pattern.speedUp'");
        assertThatThrownBy(() -> new ReplayPattern(trace, null, 1, Instant.parse("2025-01-01T00:00:00Z"), null))
                .hasMessageContaining("outside the trace");
    }
}
