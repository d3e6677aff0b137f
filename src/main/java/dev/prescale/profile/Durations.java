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

    /** The longest duration read: ten years, far beyond any profile, window or cooldown. */
    public static final Duration MAX = Duration.ofDays(3650);

    /**
     * @throws IllegalArgumentException naming the text and the accepted forms, or the limit for a duration beyond
     *                                  {@link #MAX} (or below minus it)
     */
    public static Duration parse(String text) {
        String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("p") || s.startsWith("-p")) {
            try {
                return bounded(text, Duration.parse(s.toUpperCase(Locale.ROOT)));
            } catch (DateTimeParseException | ArithmeticException e) {
                throw invalid(text);
            }
        }
        Matcher m = PART.matcher(s);
        double seconds = 0;
        int at = 0;
        while (at < s.length() && m.find(at) && m.start() == at) {
            double value = Double.parseDouble(m.group(1));
            seconds += value * switch (m.group(2)) {
                case "ms" -> 1e-3;
                case "s" -> 1;
                case "m" -> 60;
                case "h" -> 3600;
                default -> 86400;
            };
            at = m.end();
        }
        if (s.isEmpty() || at != s.length()) {
            throw invalid(text);
        }
        if (!(seconds <= MAX.getSeconds())) {
            throw tooLong(text);
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    private static Duration bounded(String text, Duration d) {
        if (d.abs().compareTo(MAX) > 0) {
            throw tooLong(text);
        }
        return d;
    }

    private static IllegalArgumentException tooLong(String text) {
        return new IllegalArgumentException("'" + text + "' is longer than the " + MAX.toDays() + " days a duration "
                + "may be; write a shorter one");
    }

    /** The shortest text {@link #parse} reads back as {@code d}: {@code 90s}, {@code 15m}, {@code 2h}, {@code 250ms}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
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
