package dev.prescale.profile;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @Test
    void readsHumanAndIsoForms() {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("PT24H")).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void refusesTheRestWithTheAcceptedForms() {
        for (String bad : new String[]{"", "ten minutes", "10", "5x", "-5m", "PTxH"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad)
                    .hasMessageContaining("is not a duration; write e.g. 250ms");
        }
    }
}
