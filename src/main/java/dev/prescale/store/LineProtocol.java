package dev.prescale.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * InfluxDB line protocol, both ways: {@code measurement,tag=v field=1.5,n=3i,s="x" 1700000000000}. Written at
 * millisecond precision; read at ms precision or, for seed files, at whatever precision the caller names.
 * Escaping follows the protocol: commas, spaces and '=' in keys and tag values, quotes and backslashes in strings.
 */
public final class LineProtocol {

    private LineProtocol() {
    }

    public static String format(Point p) {
        StringBuilder b = new StringBuilder(96);
        escape(b, p.measurement(), ", ");
        p.tags().forEach((k, v) -> {
            b.append(',');
            escape(b, k, ",= ");
            b.append('=');
            escape(b, v, ",= ");
        });
        char separator = ' ';
        for (Map.Entry<String, Object> f : p.fields().entrySet()) {
            b.append(separator);
            separator = ',';
            escape(b, f.getKey(), ",= ");
            b.append('=');
            Object v = f.getValue();
            if (v instanceof String s) {
                b.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            } else if (v instanceof Long l) {
                b.append(l).append('i');
            } else {
                b.append(v);
            }
        }
        return b.append(' ').append(p.time().toEpochMilli()).toString();
    }

    /**
     * Parses one line written at {@code nanosPerUnit} precision (1_000_000 for ms).
     *
     * @throws IllegalArgumentException saying what is wrong with the line
     */
    public static Point parse(String line, long nanosPerUnit) {
        Cursor c = new Cursor(line);
        String measurement = c.until(new char[]{',', ' '});
        if (measurement.isEmpty()) {
            throw new IllegalArgumentException("no measurement before the first comma or space");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        while (c.peek() == ',') {
            c.next();
            String key = c.until(new char[]{'='});
            c.expect('=');
            tags.put(key, c.until(new char[]{',', ' '}));
        }
        c.expect(' ');
        Map<String, Object> fields = new LinkedHashMap<>();
        do {
            if (c.peek() == ',') {
                c.next();
            }
            String key = c.until(new char[]{'='});
            c.expect('=');
            fields.put(key, c.peek() == '"' ? c.quoted() : value(key, c.until(new char[]{',', ' '})));
        } while (c.peek() == ',');
        Instant time;
        if (c.peek() == ' ') {
            c.next();
            String ts = c.rest().strip();
            try {
                long units = Long.parseLong(ts);
                long perSecond = 1_000_000_000L / nanosPerUnit;
                time = Instant.ofEpochSecond(Math.floorDiv(units, perSecond), Math.floorMod(units, perSecond)
                        * nanosPerUnit);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("timestamp '" + ts + "' is not an integer");
            }
        } else if (c.atEnd()) {
            throw new IllegalArgumentException("no timestamp; seed and result lines carry their own time");
        } else {
            throw new IllegalArgumentException("unexpected text after the fields: '" + c.rest() + "'");
        }
        return new Point(measurement, tags, fields, time);
    }

    /** Parses many lines; blank lines and '#' comments are skipped, errors carry {@code origin} and the line number. */
    public static List<Point> parseAll(List<String> lines, long nanosPerUnit, String origin) {
        List<Point> points = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                points.add(parse(line, nanosPerUnit));
            } catch (IllegalArgumentException e) {
                throw new StoreException(origin + " line " + (i + 1) + " is not valid line protocol: " + e.getMessage()
                        + " ('" + line + "'). Fix: write 'measurement,tag=value field=value timestamp'", e);
            }
        }
        return points;
    }

    private static Object value(String key, String raw) {
        if (raw.isEmpty()) {
            throw new IllegalArgumentException("field '" + key + "' has no value");
        }
        if (raw.endsWith("i") && raw.length() > 1) {
            return Long.parseLong(raw.substring(0, raw.length() - 1));
        }
        switch (raw) {
            case "t", "T", "true", "True", "TRUE":
                return Boolean.TRUE;
            case "f", "F", "false", "False", "FALSE":
                return Boolean.FALSE;
            default:
                try {
                    return Double.parseDouble(raw);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("field '" + key + "' value '" + raw
                            + "' is not a number, boolean or quoted string");
                }
        }
    }

    private static void escape(StringBuilder b, String s, String special) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (special.indexOf(ch) >= 0 || ch == '\\') {
                b.append('\\');
            }
            b.append(ch);
        }
    }

    private static final class Cursor {
        private final String s;
        private int at;

        Cursor(String s) {
            this.s = s;
        }

        char peek() {
            return at < s.length() ? s.charAt(at) : '\0';
        }

        void next() {
            at++;
        }

        boolean atEnd() {
            return at >= s.length();
        }

        String rest() {
            return s.substring(Math.min(at, s.length()));
        }

        void expect(char ch) {
            if (peek() != ch) {
                throw new IllegalArgumentException("expected '" + ch + "' at column " + (at + 1));
            }
            at++;
        }

        /** Reads up to an unescaped stop character, unescaping as it goes. */
        String until(char[] stops) {
            StringBuilder b = new StringBuilder();
            while (at < s.length()) {
                char ch = s.charAt(at);
                if (ch == '\\' && at + 1 < s.length()) {
                    b.append(s.charAt(at + 1));
                    at += 2;
                    continue;
                }
                for (char stop : stops) {
                    if (ch == stop) {
                        return b.toString();
                    }
                }
                b.append(ch);
                at++;
            }
            return b.toString();
        }

        String quoted() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (at < s.length()) {
                char ch = s.charAt(at);
                if (ch == '\\' && at + 1 < s.length()) {
                    b.append(s.charAt(at + 1));
                    at += 2;
                } else if (ch == '"') {
                    at++;
                    return b.toString();
                } else {
                    b.append(ch);
                    at++;
                }
            }
            throw new IllegalArgumentException("string field is not closed with '\"'");
        }
    }
}
