package dev.prescale.profile;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * What activates a profile (seed 002's trigger conditions). Modelled and validated here; the controller evaluates
 * them.
 */
public sealed interface TriggerCondition {

    /** A cron schedule (five Unix fields) read in a time zone, so "06:00 in Berlin" survives daylight saving. */
    record Schedule(String cron, ZoneId zone) implements TriggerCondition {
        private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

        public Schedule {
            if (zone == null) {
                throw ProfileException.inField("triggers.zone", "a schedule needs a time zone",
                        "add zone: Europe/Berlin (any IANA zone id)");
            }
            parse(cron);
        }

        /** The first firing strictly after {@code after}, in the schedule's zone; empty if it never fires again. */
        public Optional<ZonedDateTime> nextAfter(ZonedDateTime after) {
            return ExecutionTime.forCron(parse(cron)).nextExecution(after.withZoneSameInstant(zone));
        }

        private static Cron parse(String cron) {
            try {
                return PARSER.parse(cron == null ? "" : cron).validate();
            } catch (IllegalArgumentException e) {
                throw ProfileException.inField("triggers.schedule", "'" + cron + "' is not a cron expression ("
                        + e.getMessage() + ")", "use five fields: minute hour day-of-month month day-of-week, "
                        + "e.g. \"0 6 * * 1-5\"", e);
            }
        }
    }

    /**
     * Active around a named event of the business calendar (a sale, month-end, a launch), starting {@code leadTime}
     * before it so capacity is in place when it begins.
     */
    record CalendarEvent(String eventName, Duration leadTime) implements TriggerCondition {
        public CalendarEvent {
            if (eventName == null || eventName.isBlank()) {
                throw ProfileException.inField("triggers.calendarEvent", "is empty",
                        "name an event of the business calendar, e.g. calendarEvent: black-friday");
            }
            if (leadTime == null) {
                leadTime = Duration.ZERO;
            } else if (leadTime.isNegative()) {
                throw ProfileException.inField("triggers.leadTime", "must not be negative, but was " + leadTime,
                        "write how long before the event to start, e.g. leadTime: 2h");
            }
        }
    }

    /** Active while a metric stays above (or below) a threshold for at least {@code sustainedFor}. */
    record MetricCondition(String metric, Comparison comparison, double threshold, Duration sustainedFor)
            implements TriggerCondition {
        public MetricCondition {
            if (metric == null || metric.isBlank()) {
                throw ProfileException.inField("triggers.metric", "is empty",
                        "name a metric, e.g. metric: cpu_utilization");
            }
            if (comparison == null || !Double.isFinite(threshold)) {
                throw ProfileException.inField("triggers.above", "metric '" + metric + "' needs a finite threshold",
                        "write above: 0.7 or below: 0.2");
            }
            if (sustainedFor == null) {
                sustainedFor = Duration.ZERO;
            }
        }

        public boolean holds(double value) {
            return comparison == Comparison.ABOVE ? value > threshold : value < threshold;
        }
    }

    enum Comparison {ABOVE, BELOW}
}
