package dev.prescale.anomaly;

import dev.prescale.store.Point;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * One anomaly as an on-call engineer sees it: when it started, when it ended (null while it lasts), how bad it got and
 * which metrics were off. Stored as one {@code anomaly} point at its start, rewritten in place as it grows and when it
 * ends (profile-db/SCHEMA.md).
 *
 * @param detector which detector found it
 * @param series   what was watched: a run id, a group, a history series
 * @param score    the highest score so far, 0..1
 * @param metrics  the metrics that were off, or every watched metric when only their combination was
 */
public record AnomalyEvent(String detector, String series, Instant start, Instant end, double score,
                           Severity severity, List<String> metrics) {

    /** How bad an anomaly is: medium past the alert threshold, high halfway from there to a certain anomaly. */
    public enum Severity {
        MEDIUM, HIGH;

        public static Severity of(double score, double threshold) {
            return score >= (1 + threshold) / 2 ? HIGH : MEDIUM;
        }

        public String label() {
            return name().toLowerCase();
        }
    }

    public AnomalyEvent {
        metrics = List.copyOf(metrics);
    }

    public boolean open() {
        return end == null;
    }

    public Point toPoint() {
        return Point.of("anomaly", start).tag("detector", detector).tag("series", series)
                .field("score", score).field("severity", severity.label()).field("open", open())
                .field("end", end == null ? null : end.toString()).field("metrics", String.join(",", metrics))
                .build();
    }

    /** An event read back from the store; null for a point that is not one (written by hand, fields missing). */
    public static AnomalyEvent fromPoint(Point p) {
        Double score = p.number("score");
        String severity = p.text("severity");
        if (score == null || severity == null || !severity.matches("medium|high")) {
            return null;
        }
        String end = p.text("end");
        String metrics = p.text("metrics");
        try {
            return new AnomalyEvent(p.tag("detector"), p.tag("series"), p.time(),
                    end == null || end.isEmpty() ? null : Instant.parse(end), score,
                    Severity.valueOf(severity.toUpperCase()), metrics == null || metrics.isEmpty() ? List.of()
                    : List.of(metrics.split(",")));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
