package dev.prescale.controller;

import dev.prescale.profile.LoadProfile;
import dev.prescale.profile.ScheduledEvent;
import dev.prescale.profile.TriggerCondition;
import dev.prescale.scaling.ScalingInputs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Which profiles matter now (seed 002's triggers): a schedule that fired within the last tick, a calendar event that
 * is on (from its lead time to its end), or a metric that has held its condition for the sustained time. A profile
 * without triggers is never selected by the controller; it is rehearsed on demand.
 */
public final class ProfileSelector {

    private ProfileSelector() {
    }

    /**
     * @param tick    how far back a schedule's firing still counts (the controller's interval)
     * @param metrics recent observations by metric name (e.g. {@code cpu_utilization}), oldest first
     */
    public static List<LoadProfile> active(List<LoadProfile> profiles, Instant now, Duration tick,
                                           List<ScheduledEvent> calendar,
                                           Map<String, List<ScalingInputs.Observation>> metrics) {
        return profiles.stream().filter(p -> p.triggerConditions().stream()
                .anyMatch(t -> holds(t, now, tick, calendar, metrics))).toList();
    }

    static boolean holds(TriggerCondition trigger, Instant now, Duration tick, List<ScheduledEvent> calendar,
                         Map<String, List<ScalingInputs.Observation>> metrics) {
        if (trigger instanceof TriggerCondition.Schedule s) {
            return s.nextAfter(now.minus(tick).atZone(s.zone())).map(next -> !next.toInstant().isAfter(now))
                    .orElse(false);
        }
        if (trigger instanceof TriggerCondition.CalendarEvent c) {
            return calendar.stream().anyMatch(e -> e.name().equals(c.eventName())
                    && !now.isBefore(e.start().toInstant().minus(c.leadTime())) && now.isBefore(e.end().toInstant()));
        }
        TriggerCondition.MetricCondition m = (TriggerCondition.MetricCondition) trigger;
        return sustained(m, now, metrics.getOrDefault(m.metric(), List.of()));
    }

    private static boolean sustained(TriggerCondition.MetricCondition m, Instant now,
                                     List<ScalingInputs.Observation> observed) {
        Instant since = now.minus(m.sustainedFor());
        List<ScalingInputs.Observation> window = observed.stream()
                .filter(o -> !o.time().isBefore(since) && !o.time().isAfter(now)).toList();
        boolean covers = !observed.isEmpty() && !observed.get(0).time().isAfter(since);
        return !window.isEmpty() && covers && window.stream().allMatch(o -> m.holds(o.utilization()));
    }
}
