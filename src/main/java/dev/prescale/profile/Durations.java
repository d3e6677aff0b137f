package dev.prescale.profile;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the durations people write in profile files: {@code 250ms}, {@code 90s}, {@code 15m}, {@code 1h30m},
 * {@code 7d}, or ISO-8601 ({@code PT24H}). */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static Duration parse(String text) {
        String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("p")) {
            try {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        }
        Matcher m = PART.matcher(s);
        long nanos = 0;
        int at = 0;
        while (at < s.length() && m.find(at) && m.start() == at) {
            double value = Double.parseDouble(m.group(1));
            nanos += Math.round(value * switch (m.group(2)) {
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                case "h" -> 3600e9;
                default -> 86400e9;
            });
            at = m.end();
        }
        if (s.isEmpty() || at != s.length()) {
            throw invalid(text);
        }
        return Duration.ofNanos(nanos);
    }

    /** Seconds as a double, for rate arithmetic. */
    public static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration; write e.g. 250ms, 90s, 15m, 1h30m, 7d "
                + "or PT24H");
    }
}
