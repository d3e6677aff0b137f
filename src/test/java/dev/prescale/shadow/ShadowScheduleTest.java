package dev.prescale.shadow;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When a scheduled action of the shadow's AWS endpoint runs, as AWS would run it. */
class ShadowScheduleTest {

    static final Instant NOW = Instant.parse("2026-11-27T10:15:30Z");

    @Test
    void aOneTimeStartRunsOnceAtItsTime() {
        ShadowSchedule once = ShadowSchedule.ec2(null, null, NOW.plusSeconds(60), null);
        assertThat(once.next(NOW)).contains(NOW.plusSeconds(60));
        assertThat(once.after(NOW.plusSeconds(60))).isEmpty();
        assertThat(ShadowSchedule.ec2(null, null, NOW.minusSeconds(1), null).next(NOW)).isEmpty();
    }

    @Test
    void aRecurrenceRunsOnItsCronInItsZoneAndFirstAtItsStart() {
        ShadowSchedule nightly = ShadowSchedule.ec2("30 2 * * *", null, null, null);
        assertThat(nightly.next(NOW)).contains(Instant.parse("2026-11-28T02:30:00Z"));
        assertThat(nightly.after(Instant.parse("2026-11-28T02:30:00Z"))).contains(Instant.parse("2026-11-29T02:30:00Z"));

        ShadowSchedule berlin = ShadowSchedule.ec2("0 9 * * *", "Europe/Berlin", null, null);
        assertThat(berlin.next(NOW)).contains(Instant.parse("2026-11-28T08:00:00Z")); // CET is UTC+1 in November

        ShadowSchedule startFirst = ShadowSchedule.ec2("0 * * * *", null, NOW.plusSeconds(600), null);
        assertThat(startFirst.next(NOW)).contains(NOW.plusSeconds(600));
        assertThat(startFirst.after(NOW.plusSeconds(600))).contains(Instant.parse("2026-11-27T11:00:00Z"));

        ShadowSchedule ended = ShadowSchedule.ec2("0 * * * *", null, null, Instant.parse("2026-11-27T11:30:00Z"));
        assertThat(ended.after(Instant.parse("2026-11-27T11:00:00Z"))).isEmpty();
    }

    @Test
    void applicationAutoScalingSchedulesAtRateAndCron() {
        ShadowSchedule at = ShadowSchedule.appAutoScaling("at(2026-11-27T12:00:00)", null, null, null);
        assertThat(at.next(NOW)).contains(Instant.parse("2026-11-27T12:00:00Z"));
        assertThat(at.after(Instant.parse("2026-11-27T12:00:00Z"))).isEmpty();

        ShadowSchedule rate = ShadowSchedule.appAutoScaling("rate(5 minutes)", null, null, null);
        assertThat(rate.next(NOW)).contains(NOW.plusSeconds(300)); // one interval after it is put, never at once
        assertThat(rate.after(NOW.plusSeconds(300))).contains(NOW.plusSeconds(600));
        ShadowSchedule fromStart = ShadowSchedule.appAutoScaling("rate(1 hour)", null, NOW.minusSeconds(5400), null);
        assertThat(fromStart.next(NOW)).contains(NOW.plusSeconds(1800));

        ShadowSchedule weekly = ShadowSchedule.appAutoScaling("cron(0 9 ? * MON *)", "UTC", null, null);
        assertThat(weekly.next(NOW)).contains(Instant.parse("2026-11-30T09:00:00Z")); // the 27th is a Friday
        assertThat(weekly.after(Instant.parse("2026-11-30T09:00:00Z"))).contains(Instant.parse("2026-12-07T09:00:00Z"));
    }

    @Test
    void malformedSchedulesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> ShadowSchedule.ec2("every day", null, null, null))
                .isInstanceOf(ShadowSchedule.Invalid.class).hasMessageContaining("recurrence");
        assertThatThrownBy(() -> ShadowSchedule.appAutoScaling("30 2 * * *", null, null, null))
                .hasMessageContaining("is not at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(fields)");
        assertThatThrownBy(() -> ShadowSchedule.appAutoScaling("rate(1 minutes)", null, null, null))
                .hasMessageContaining("singular unit");
        assertThatThrownBy(() -> ShadowSchedule.appAutoScaling("rate(0 minutes)", null, null, null))
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> ShadowSchedule.appAutoScaling("cron(0 9 * * *)", null, null, null))
                .hasMessageContaining("six fields");
        assertThatThrownBy(() -> ShadowSchedule.appAutoScaling("at(2026-13-45T99:00:00)", null, null, null))
                .hasMessageContaining("not a valid date");
        assertThatThrownBy(() -> ShadowSchedule.appAutoScaling("at(2026-12-01T00:00:00)", "Mars/Base", null, null))
                .hasMessageContaining("IANA");
    }
}
