package dev.prescale.issues;

import java.time.Duration;
import java.time.Instant;

/**
 * One issue the simulator made up, like a monitoring notification: when, where, what and how big, how bad, what it
 * is predicted to do, and why it is there.
 *
 * @param severity minor (under the history's median size), major (to its 90th percentile), critical (above),
 *                 beyond-history (larger than any seen)
 * @param origin   {@code observed} (drawn like history), {@code tail} (sized beyond the largest seen, on purpose),
 *                 {@code co-occurring} (follows another as history says it does), {@code novel-combination} (follows
 *                 another as history never showed)
 */
public record SimulatedIssue(Instant start, Duration duration, String component, String type, double magnitude,
                             String severity, String predictedImpact, String origin) {

    public String key() {
        return type + "@" + component;
    }
}
