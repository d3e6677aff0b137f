package dev.prescale.signature;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The W3C {@code Server-Timing} response header, how a service reports what a request cost it:
 * {@code cpu;dur=12.5, db;dur=3;desc="orders", cache;desc=hit}. Metrics are comma-separated, each a name and
 * {@code ;}-separated parameters; {@code dur} is milliseconds. Unknown parameters are ignored and a malformed metric is
 * skipped, as browsers do.
 */
public final class ServerTiming {

    /** One metric: its name, duration in milliseconds when given, and description. */
    public record Metric(String name, OptionalDouble durationMillis, String description) {
    }

    private ServerTiming() {
    }

    public static List<Metric> parse(String header) {
        List<Metric> metrics = new ArrayList<>();
        if (header == null) {
            return metrics;
        }
        for (String part : splitOutsideQuotes(header, ',')) {
            List<String> pieces = splitOutsideQuotes(part, ';');
            String name = pieces.get(0).strip();
            if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                continue;
            }
            OptionalDouble duration = OptionalDouble.empty();
            String description = "";
            for (String p : pieces.subList(1, pieces.size())) {
                int eq = p.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = p.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT);
                String value = unquote(p.substring(eq + 1).strip());
                if (key.equals("dur") && duration.isEmpty()) {
                    try {
                        double d = Double.parseDouble(value);
                        if (Double.isFinite(d) && d >= 0) {
                            duration = OptionalDouble.of(d);
                        }
                    } catch (NumberFormatException ignored) {
                        // a dur that is not a number is ignored, the metric kept
                    }
                } else if (key.equals("desc") && description.isEmpty()) {
                    description = value;
                }
            }
            metrics.add(new Metric(name, duration, description));
        }
        return metrics;
    }

    /** The metric's duration, or 0 when the header does not report it. */
    public static double millis(List<Metric> metrics, String name) {
        return metrics.stream().filter(m -> m.name().equalsIgnoreCase(name)).findFirst()
                .flatMap(m -> m.durationMillis().isPresent() ? java.util.Optional.of(m.durationMillis().getAsDouble())
                        : java.util.Optional.empty()).orElse(0.0);
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return v;
    }

    private static List<String> splitOutsideQuotes(String s, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quoted && i + 1 < s.length()) {
                current.append(c).append(s.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }
}
