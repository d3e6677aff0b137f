package dev.prescale.profile;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TriggerConditionTest {

    @Test
    void scheduleFiresAtLocalTimeAcrossDaylightSaving() {
        TriggerCondition.Schedule sixInBerlin = new TriggerCondition.Schedule("0 6 * * *", ZoneId.of("Europe/Berlin"));

        // the night the clocks go back (2026-10-25): still 06:00 local, which is 05:00 UTC instead of 04:00
        ZonedDateTime before = ZonedDateTime.parse("2026-10-24T12:00:00Z");
        ZonedDateTime after = ZonedDateTime.parse("2026-10-25T12:00:00Z");
        assertThat(sixInBerlin.nextAfter(before).orElseThrow().toInstant().toString()).isEqualTo("2026-10-25T05:00:00Z");
        assertThat(sixInBerlin.nextAfter(ZonedDateTime.parse("2026-10-23T12:00:00Z")).orElseThrow().toInstant()
                .toString()).isEqualTo("2026-10-24T04:00:00Z");
        assertThat(sixInBerlin.nextAfter(after).orElseThrow().getHour()).isEqualTo(6);
    }

    @Test
    void badCronNamesTheFieldAndTheForm() {
        assertThatThrownBy(() -> new TriggerCondition.Schedule("every morning", ZoneId.of("UTC")))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("field 'triggers.schedule'")
                .hasMessageContaining("five fields");
        assertThatThrownBy(() -> new TriggerCondition.Schedule("0 25 * * *", ZoneId.of("UTC")))
                .hasMessageContaining("'0 25 * * *' is not a cron expression");
    }

    @Test
    void metricConditionCompares() {
        TriggerCondition.MetricCondition hot = new TriggerCondition.MetricCondition("cpu", TriggerCondition.Comparison.ABOVE,
                0.7, Duration.ofMinutes(5));
        assertThat(hot.holds(0.8)).isTrue();
        assertThat(hot.holds(0.7)).isFalse();
        assertThatThrownBy(() -> new TriggerCondition.CalendarEvent("black-friday", Duration.ofHours(-1)))
                .hasMessageContaining("field 'triggers.leadTime'");
    }
}
