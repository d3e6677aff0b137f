package dev.prescale.chaos;

import java.time.Duration;
import java.util.List;

/**
 * A chaos profile: named faults on one timeline, and the longest the whole schedule may run. A schedule with a fault
 * that ends past its maximum is refused, and no maximum may exceed {@link #HARD_LIMIT}: chaos is rehearsed in bounded
 * doses, never left running.
 *
 * @param name      the profile's name
 * @param maxLength the longest the schedule may run, from its start
 */
public record FaultSchedule(String name, List<Fault> faults, Duration maxLength) {

    /** No schedule runs longer than this, whatever its profile says. */
    public static final Duration HARD_LIMIT = Duration.ofHours(6);

    public FaultSchedule {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a chaos profile needs a name");
        }
        if (maxLength == null || maxLength.isNegative() || maxLength.isZero() || maxLength.compareTo(HARD_LIMIT) > 0) {
            throw new IllegalArgumentException("chaos profile " + name + ": maxLength must be positive and at most "
                    + HARD_LIMIT.toHours() + " h, but was " + maxLength);
        }
        faults = List.copyOf(faults);
        for (int i = 0; i < faults.size(); i++) {
            Fault f = faults.get(i);
            if (f.end().compareTo(maxLength) > 0) {
                throw new IllegalArgumentException("chaos profile " + name + ": fault " + (i + 1) + " (" + f.kind()
                        + ") ends at " + f.end().toSeconds() + " s, past the profile's maxLength of "
                        + maxLength.toSeconds() + " s; shorten the fault or raise maxLength");
            }
        }
    }

    /** When the last fault ends. */
    public Duration lastEnd() {
        return faults.stream().map(Fault::end).max(Duration::compareTo).orElse(Duration.ZERO);
    }
}
