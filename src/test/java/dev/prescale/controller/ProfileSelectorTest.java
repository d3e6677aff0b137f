package dev.prescale.controller;

import dev.prescale.profile.LoadPattern;
import dev.prescale.profile.LoadProfile;
import dev.prescale.profile.Priority;
import dev.prescale.profile.ResourceType;
import dev.prescale.profile.ScheduledEvent;
import dev.prescale.profile.TriggerCondition;
import dev.prescale.scaling.ScalingInputs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProfileSelectorTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    // Friday 27 November 2026, 05:59:30 UTC = 06:59:30 in Berlin
    static final Instant NOW = Instant.parse("2026-11-27T05:59:30Z");

    static LoadProfile profile(String id, TriggerCondition... triggers) {
        return new LoadProfile(id, ResourceType.CPU, new LoadPattern.Constant(10), Duration.ofMinutes(10), 1,
                Priority.BUSINESS, List.of(triggers), null);
    }

    @Test
    void selectsByScheduleCalendarAndSustainedMetric() {
        LoadProfile morning = profile("morning", new TriggerCondition.Schedule("59 6 * * 1-5", BERLIN));
        LoadProfile evening = profile("evening", new TriggerCondition.Schedule("0 18 * * *", BERLIN));
        LoadProfile sale = profile("black-friday", new TriggerCondition.CalendarEvent("black-friday",
                Duration.ofHours(2)));
        LoadProfile hot = profile("hot", new TriggerCondition.MetricCondition("cpu_utilization",
                TriggerCondition.Comparison.ABOVE, 0.8, Duration.ofMinutes(5)));
        LoadProfile manual = profile("manual");
        // the sale starts at 08:00 Berlin, within the two-hour lead
        List<ScheduledEvent> calendar = List.of(new ScheduledEvent("black-friday",
                NOW.atZone(BERLIN).withHour(8).withMinute(0).withSecond(0), Duration.ofHours(16), 3, ""));
        List<ScalingInputs.Observation> cpu = new ArrayList<>();
        for (int m = 10; m >= 0; m--) {
            cpu.add(new ScalingInputs.Observation(NOW.minus(Duration.ofMinutes(m)), m > 6 ? 0.5 : 0.9));
        }

        List<LoadProfile> active = ProfileSelector.active(List.of(morning, evening, sale, hot, manual), NOW,
                Duration.ofMinutes(1), calendar, Map.of("cpu_utilization", cpu));

        assertThat(active).extracting(LoadProfile::profileId).containsExactly("morning", "black-friday", "hot");
    }

    @Test
    void aMetricMustHoldForTheWholeSustainedTime() {
        LoadProfile hot = profile("hot", new TriggerCondition.MetricCondition("cpu_utilization",
                TriggerCondition.Comparison.ABOVE, 0.8, Duration.ofMinutes(5)));
        List<ScalingInputs.Observation> briefSpike = List.of(
                new ScalingInputs.Observation(NOW.minus(Duration.ofMinutes(6)), 0.5),
                new ScalingInputs.Observation(NOW.minus(Duration.ofMinutes(3)), 0.5),
                new ScalingInputs.Observation(NOW, 0.95));
        List<ScalingInputs.Observation> tooShort = List.of(new ScalingInputs.Observation(NOW, 0.95));

        assertThat(ProfileSelector.active(List.of(hot), NOW, Duration.ofMinutes(1), List.of(),
                Map.of("cpu_utilization", briefSpike))).isEmpty();
        assertThat(ProfileSelector.active(List.of(hot), NOW, Duration.ofMinutes(1), List.of(),
                Map.of("cpu_utilization", tooShort))).isEmpty();
    }
}
