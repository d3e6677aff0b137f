package dev.prescale.store;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One time-series point, as InfluxDB stores it: a measurement, tags (indexed strings), fields (values) and a time.
 * Immutable; tags and fields are kept sorted so equal points have equal line protocol.
 *
 * <p>Line protocol has no way to write a line break or other control character in a measurement, key or tag value,
 * and one there would end the line and start another (an injected point), so a point with one is refused here, the
 * one place every writer goes through. A string field value keeps its text with each control character replaced by a
 * space: values are prose (reasons, definitions), and a record of what happened is worth more than its line breaks.
 *
 * @param fields values: {@code Double}, {@code Long}, {@code Boolean} or {@code String}
 */
public record Point(String measurement, Map<String, String> tags, Map<String, Object> fields, Instant time) {

    public Point {
        if (measurement == null || measurement.isBlank()) {
            throw new IllegalArgumentException("a point needs a measurement");
        }
        requirePrintable(measurement, "measurement", measurement);
        if (fields == null || fields.isEmpty()) {
            throw new IllegalArgumentException("point " + measurement + " needs at least one field");
        }
        tags = java.util.Collections.unmodifiableMap(new TreeMap<>(tags == null ? Map.of() : tags));
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            requirePrintable(measurement, "tag key", tag.getKey());
            if (tag.getValue() == null) {
                throw new IllegalArgumentException("tag " + measurement + "." + tag.getKey() + " has no value");
            }
            requirePrintable(measurement, "tag " + tag.getKey(), tag.getValue());
        }
        TreeMap<String, Object> sorted = new TreeMap<>();
        fields.forEach((k, v) -> {
            requirePrintable(measurement, "field key", k);
            sorted.put(k, normalise(measurement, k, v));
        });
        fields = java.util.Collections.unmodifiableMap(sorted);
        if (time == null) {
            throw new IllegalArgumentException("point " + measurement + " needs a time");
        }
    }

    /** Starts a point; add tags and fields with {@link Builder}. */
    public static Builder of(String measurement, Instant time) {
        return new Builder(measurement, time);
    }

    public String tag(String key) {
        return tags.get(key);
    }

    public Double number(String field) {
        Object v = fields.get(field);
        return v instanceof Number n ? n.doubleValue() : null;
    }

    public String text(String field) {
        Object v = fields.get(field);
        return v == null ? null : v.toString();
    }

    /** This point in InfluxDB line protocol, millisecond precision. */
    public String toLineProtocol() {
        return LineProtocol.format(this);
    }

    private static void requirePrintable(String measurement, String what, String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("point " + measurement + ": " + what + " is empty");
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                throw new IllegalArgumentException("point " + measurement + ": " + what + " '"
                        + text.replaceAll("\\p{Cntrl}", "?") + "' holds a control character (shown as ?) at "
                        + (i + 1) + "; line protocol cannot carry one there: remove it from the input");
            }
        }
    }

    private static Object normalise(String measurement, String key, Object value) {
        if (value instanceof String text) {
            return text.chars().anyMatch(Character::isISOControl) ? text.replaceAll("\\p{Cntrl}", " ") : text;
        }
        if (value instanceof Double || value instanceof Long || value instanceof Boolean) {
            if (value instanceof Double d && !Double.isFinite(d)) {
                throw new IllegalArgumentException("field " + measurement + "." + key + " is " + d
                        + "; InfluxDB stores only finite numbers");
            }
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return normalise(measurement, key, f.doubleValue());
        }
        throw new IllegalArgumentException("field " + measurement + "." + key + " has type "
                + (value == null ? "null" : value.getClass().getSimpleName()) + "; use a number, boolean or string");
    }

    /** Mutable helper to assemble a point; {@link #build()} makes the immutable value. */
    public static final class Builder {
        private final String measurement;
        private final Instant time;
        private final Map<String, String> tags = new TreeMap<>();
        private final Map<String, Object> fields = new TreeMap<>();

        private Builder(String measurement, Instant time) {
            this.measurement = measurement;
            this.time = time;
        }

        public Builder tag(String key, String value) {
            if (value != null && !value.isEmpty()) {
                tags.put(key, value);
            }
            return this;
        }

        /** Adds a field; a null value is skipped, so optional values need no branches at the call site. */
        public Builder field(String key, Object value) {
            if (value != null) {
                fields.put(key, value);
            }
            return this;
        }

        public Point build() {
            return new Point(measurement, tags, fields, time);
        }
    }
}
