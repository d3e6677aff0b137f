package dev.prescale.shadow;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a scheduled action of the shadow's AWS endpoint runs, read as AWS reads it: EC2 Auto Scaling's optional
 * {@code StartTime} plus a five-field Unix cron {@code Recurrence}, or Application Auto Scaling's {@code Schedule} of
 * {@code at(yyyy-mm-ddThh:mm:ss)}, {@code rate(value unit)} or {@code cron(six fields)}, each in a time zone (UTC by
 * default) and bounded by optional start and end times.
 *
 * @param expression the schedule as the client wrote it (Recurrence or Schedule), or null for a one-time StartTime
 * @param zone       the zone cron fields and {@code at()} are read in
 * @param start      no run before it (the one run, for a one-time action), or null
 * @param end        no run after it, or null
 */
record ShadowSchedule(String expression, ZoneId zone, Instant start, Instant end) {

    /** A schedule AWS would refuse: the message is AWS's kind of sentence. */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    // Application Auto Scaling's cron is the six-field CloudWatch form (minutes ... year, '?' in day-of-month or
    // day-of-week): Quartz's fields after its leading seconds
    private static final CronParser QUARTZ =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
    private static final Pattern AT = Pattern.compile("at\\((\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})\\)");
    private static final Pattern RATE = Pattern.compile("rate\\((\\d{1,9}) (minute|minutes|hour|hours|day|days)\\)");
    private static final Pattern CRON = Pattern.compile("cron\\((.+)\\)");

    /** EC2 Auto Scaling: a recurrence (Unix cron) or null, with StartTime / EndTime. */
    static ShadowSchedule ec2(String recurrence, String timeZone, Instant start, Instant end) {
        ZoneId zone = zone(timeZone);
        if (recurrence != null) {
            try {
                UNIX.parse(recurrence).validate();
            } catch (IllegalArgumentException e) {
                throw new Invalid("Given recurrence is not a valid Unix cron expression: " + recurrence);
            }
        }
        return new ShadowSchedule(recurrence, zone, start, end);
    }

    /** Application Auto Scaling: a Schedule expression, with StartTime / EndTime. */
    static ShadowSchedule appAutoScaling(String schedule, String timeZone, Instant start, Instant end) {
        if (schedule == null || !schedule.contains("(")) {
            throw new Invalid("Schedule " + schedule + " is not at(yyyy-mm-ddThh:mm:ss), rate(value unit) or "
                    + "cron(fields)");
        }
        ShadowSchedule parsed = new ShadowSchedule(schedule, zone(timeZone), start, end);
        parsed.kind(); // throws Invalid for an expression of no known form
        return parsed;
    }

    /** The first run at or after {@code now}, when the action is put; empty when it would never run. */
    Optional<Instant> next(Instant now) {
        Instant from = start != null && start.isAfter(now) ? start : now;
        Optional<Instant> next = switch (kind()) {
            case ONCE -> start == null || start.isBefore(now) ? Optional.empty() : Optional.of(start);
            case AT -> at().isBefore(now) ? Optional.empty() : Optional.of(at());
            case RATE -> {
                Duration every = rate();
                if (start == null) {
                    yield Optional.of(now.plus(every)); // the first run one interval after the action is put
                }
                long periods = start.isBefore(now) ? Math.floorDiv(Duration.between(start, now).toMillis()
                        + every.toMillis() - 1, every.toMillis()) : 0;
                yield Optional.of(start.plus(every.multipliedBy(periods)));
            }
            case UNIX_CRON -> start != null && !start.isBefore(now) ? Optional.of(start) : cronAfter(UNIX,
                    expression, from.minusSeconds(1));
            case AWS_CRON -> cronAfter(QUARTZ, "0 " + group(CRON, 1), from.minusSeconds(1));
        };
        return next.filter(t -> end == null || !t.isAfter(end));
    }

    /** The run after one at {@code previous}: empty for a one-time schedule, or when the end time has come. */
    Optional<Instant> after(Instant previous) {
        Optional<Instant> next = switch (kind()) {
            case ONCE, AT -> Optional.empty();
            case RATE -> Optional.of(previous.plus(rate()));
            case UNIX_CRON -> cronAfter(UNIX, expression, previous);
            case AWS_CRON -> cronAfter(QUARTZ, "0 " + group(CRON, 1), previous);
        };
        return next.filter(t -> end == null || !t.isAfter(end));
    }

    private Optional<Instant> cronAfter(CronParser parser, String cron, Instant after) {
        return ExecutionTime.forCron(parser.parse(cron)).nextExecution(after.atZone(zone)).map(z -> z.toInstant());
    }

    /** For a one-time {@code at()}: its time, else null. */
    Instant at() {
        return kind() == Kind.AT ? LocalDateTime.parse(group(AT, 1)).atZone(zone).toInstant() : null;
    }

    private enum Kind { ONCE, AT, RATE, UNIX_CRON, AWS_CRON }

    private Kind kind() {
        if (expression == null) {
            return Kind.ONCE;
        }
        if (!expression.contains("(")) {
            return Kind.UNIX_CRON;
        }
        Matcher at = AT.matcher(expression);
        if (at.matches()) {
            try {
                LocalDateTime.parse(at.group(1));
            } catch (DateTimeParseException e) {
                throw new Invalid("Schedule at(" + at.group(1) + ") is not a valid date and time");
            }
            return Kind.AT;
        }
        if (RATE.matcher(expression).matches()) {
            rate();
            return Kind.RATE;
        }
        Matcher cron = CRON.matcher(expression);
        if (cron.matches()) {
            String[] fields = cron.group(1).strip().split("\\s+");
            if (fields.length != 6) {
                throw new Invalid("cron() takes six fields (minutes hours day-of-month month day-of-week year), "
                        + "but " + expression + " has " + fields.length);
            }
            try {
                QUARTZ.parse("0 " + cron.group(1)).validate();
            } catch (IllegalArgumentException e) {
                throw new Invalid("Schedule " + expression + " is not a valid cron expression");
            }
            return Kind.AWS_CRON;
        }
        throw new Invalid("Schedule " + expression + " is not at(yyyy-mm-ddThh:mm:ss), rate(value unit) or "
                + "cron(fields)");
    }

    private Duration rate() {
        Matcher m = RATE.matcher(expression);
        if (!m.matches()) {
            throw new Invalid("Schedule " + expression + " is not rate(value unit)");
        }
        long value = Long.parseLong(m.group(1));
        boolean plural = m.group(2).endsWith("s");
        if (value < 1 || (value == 1) == plural) {
            throw new Invalid("Schedule " + expression + ": the value must be at least 1, with a singular unit for 1 "
                    + "(rate(1 minute)) and a plural one above (rate(5 minutes))");
        }
        ChronoUnit unit = m.group(2).startsWith("minute") ? ChronoUnit.MINUTES
                : m.group(2).startsWith("hour") ? ChronoUnit.HOURS : ChronoUnit.DAYS;
        return Duration.of(value, unit);
    }

    private String group(Pattern pattern, int group) {
        Matcher m = pattern.matcher(expression);
        if (!m.matches()) {
            throw new IllegalStateException(expression + " was validated as " + pattern);
        }
        return m.group(group);
    }

    private static ZoneId zone(String timeZone) {
        if (timeZone == null || timeZone.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new Invalid("Time zone " + timeZone + " is not a valid IANA time zone name (e.g. Europe/Berlin)");
        }
    }
}
