package dev.prescale.profile;

import java.time.Duration;
import java.time.ZonedDateTime;

/**
 * An event of the business calendar (seed 002): a sale, a month-end close, a launch. Its start is a local time in its
 * own zone, because "Black Friday 08:00" means 08:00 where the shoppers are.
 *
 * @param name         the name triggers refer to ({@code black-friday})
 * @param start        when it starts, in its zone
 * @param duration     how long it lasts
 * @param expectedLift traffic multiple the business expects over a normal day (1 = none), or NaN if unknown
 * @param description  free text
 */
public record ScheduledEvent(String name, ZonedDateTime start, Duration duration, double expectedLift,
                             String description) {

    public ScheduledEvent {
        if (name == null || name.isBlank() || start == null) {
            throw new IllegalArgumentException("a calendar event needs a name and a start, but had " + name + " and "
                    + start);
        }
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("calendar event " + name + " needs a positive duration, but had "
                    + duration);
        }
        if (!Double.isNaN(expectedLift) && (expectedLift <= 0 || Double.isInfinite(expectedLift))) {
            throw new IllegalArgumentException("calendar event " + name + ": expectedLift must be > 0 (1 = no lift), "
                    + "but was " + expectedLift);
        }
        description = description == null ? "" : description;
    }

    public ZonedDateTime end() {
        return start.plus(duration);
    }
}
