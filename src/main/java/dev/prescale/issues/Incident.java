package dev.prescale.issues;

import dev.prescale.anomaly.AnomalyEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One operational issue that happened (imported, or read from the anomaly events in the store): when, how long,
 * where and what, and how big. The magnitude's unit depends on the type: see {@link IssueType}.
 */
public record Incident(Instant start, Duration duration, String component, String type, double magnitude) {

    public Incident {
        if (start == null || duration == null || duration.isNegative()) {
            throw new IllegalArgumentException("an incident needs a start and a duration of zero or more, but had "
                    + start + " and " + duration);
        }
        if (component == null || component.isBlank() || type == null || type.isBlank()) {
            throw new IllegalArgumentException("an incident needs a component and a type");
        }
        if ((component + type).chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("an incident's component and type are names on one line, but '"
                    + (component + "' / '" + type).replaceAll("\\p{Cntrl}", "?") + "' hold a line break or other "
                    + "control character (shown as ?): remove it");
        }
        if (!(magnitude > 0) || !Double.isFinite(magnitude)) {
            throw new IllegalArgumentException("incident " + type + " on " + component + " at " + start
                    + ": magnitude must be a positive number, but was " + magnitude);
        }
    }

    /** Groups by what happened where: the unit the simulator fits rates and sizes for. */
    public String key() {
        return type + "@" + component;
    }

    /**
     * An anomaly event as an incident: the fleet watch's error-rate events are {@code errors}, its CPU ones
     * {@code cpu-spike}, request-rate and forecast-residual ones {@code traffic-surge}; the score is the magnitude.
     * Events still open are not incidents yet.
     */
    public static List<Incident> fromAnomalies(List<AnomalyEvent> events) {
        return events.stream().filter(e -> !e.open()).map(e -> new Incident(e.start(),
                Duration.between(e.start(), e.end()), e.series(), e.metrics().contains("error_rate") ? "errors"
                : e.metrics().contains("cpu") ? "cpu-spike" : "traffic-surge", e.score())).toList();
    }
}
