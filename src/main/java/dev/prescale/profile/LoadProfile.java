package dev.prescale.profile;

import java.time.Duration;
import java.util.List;

/**
 * A synthetic load profile (seed 002): what traffic to rehearse, how much, for how long, how much it matters and
 * when it applies. Immutable; validated on construction, with errors that name the profile, the field and the fix.
 *
 * @param profileId         unique id: letters, digits, '-', '_' and '.'
 * @param resourceType      the resource this traffic mainly stresses
 * @param pattern           the shape of the request rate over time
 * @param duration          how long the profile lasts in real time (a rehearsal may compress it)
 * @param scalingFactor     multiplies the pattern's rate; 1 leaves it as written
 * @param priority          importance of this traffic when capacity is short
 * @param triggerConditions what activates it; empty means "only when asked for"
 * @param slo               the objective a rehearsal of it must meet; {@link Slo#NONE} for none
 */
public record LoadProfile(String profileId, ResourceType resourceType, LoadPattern pattern, Duration duration,
                          double scalingFactor, Priority priority, List<TriggerCondition> triggerConditions, Slo slo) {

    public LoadProfile {
        if (profileId == null || !profileId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            throw new ProfileException(String.valueOf(profileId), "profileId", "'" + profileId
                    + "' is not a valid id", "use 1-128 letters, digits, '-', '_' or '.', e.g. storefront-daily");
        }
        if (resourceType == null) {
            throw new ProfileException(profileId, "resourceType", "is missing", "write one of CPU, MEMORY, NETWORK_IO, "
                    + "DISK_IO");
        }
        if (pattern == null) {
            throw new ProfileException(profileId, "pattern", "is missing",
                    "add a pattern with a type: constant, linear, peak-valley, expression or replay");
        }
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new ProfileException(profileId, "duration", "must be a positive duration, but was " + duration,
                    "write how long the traffic lasts, e.g. duration: 24h");
        }
        if (!Double.isFinite(scalingFactor) || scalingFactor < 0 || scalingFactor > Rates.MAX_SCALING_FACTOR) {
            throw new ProfileException(profileId, "scalingFactor", "must be a number from 0 to "
                    + Rates.MAX_SCALING_FACTOR + ", but was "
                    + scalingFactor, "write a multiplier such as 1.0 (as recorded) or 2.5 (two and a half times)");
        }
        if (priority == null) {
            priority = Priority.BUSINESS;
        }
        triggerConditions = triggerConditions == null ? List.of() : List.copyOf(triggerConditions);
        if (slo == null) {
            slo = Slo.NONE;
        }
    }

    /** This profile's duration in seconds. */
    public double durationSeconds() {
        return Durations.seconds(duration);
    }

    /** Requests per second at {@code t} seconds into the profile, scaling factor applied. */
    public double rateAt(double t) {
        try {
            return scalingFactor * pattern.rateAt(t, durationSeconds());
        } catch (ProfileException e) {
            throw e.profileId() == null ? e.inProfile(profileId, "") : e;
        }
    }

    /** Requests between {@code from} and {@code to} seconds into the profile, scaling factor applied. */
    public double requestsBetween(double from, double to) {
        try {
            return scalingFactor * pattern.requestsBetween(from, to, durationSeconds());
        } catch (ProfileException e) {
            throw e.profileId() == null ? e.inProfile(profileId, "") : e;
        }
    }

    /** Every request this profile stands for: the integral of its rate over its duration. */
    public double totalRequests() {
        return requestsBetween(0, durationSeconds());
    }

    /** A copy with another scaling factor (profiles are immutable). */
    public LoadProfile withScalingFactor(double factor) {
        return new LoadProfile(profileId, resourceType, pattern, duration, factor, priority, triggerConditions, slo);
    }

    /** A copy with another objective. */
    public LoadProfile withSlo(Slo objective) {
        return new LoadProfile(profileId, resourceType, pattern, duration, scalingFactor, priority, triggerConditions,
                objective);
    }
}
