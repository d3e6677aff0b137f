package dev.prescale.signature;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Access logs in the Apache/nginx combined format ({@code %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"}; the
 * common format, without the last two, too), or JSON lines as nginx's {@code escape=json} and most log shippers write
 * them: one object a line with the time ({@code time}, {@code timestamp} or {@code @timestamp}: ISO-8601 or epoch
 * seconds/milliseconds), the client ({@code client}, {@code remote_addr}, {@code ip}), {@code method} and
 * {@code path} (or {@code request}: "GET /x HTTP/1.1"), {@code status}, {@code bytes} ({@code body_bytes_sent},
 * {@code size}), {@code referrer} ({@code http_referer}) and {@code user_agent} ({@code http_user_agent}). A line that
 * is in neither format is counted and named by number, never thrown on: one bad line in two days of history must not
 * cost the rest.
 */
public final class AccessLog {

    /** One request as the server logged it. Bytes are the response body's, 0 for {@code -}. */
    public record Entry(String client, Instant time, String method, String path, int status, long bytes,
                        String referrer, String userAgent) {

        public boolean failed() {
            return status >= 500;
        }
    }

    /** What a read found: the entries in file order, and the lines it could not read. */
    public record Result(List<Entry> entries, long malformed, List<String> firstProblems) {
    }

    private static final Pattern LINE = Pattern.compile(
            "^(\\S+) \\S+ \\S+ \\[([^\\]]+)] \"([^\"]*)\" (\\d{3}) (\\d+|-)(?: \"((?:[^\"\\\\]|\\\\.)*)\" "
                    + "\"((?:[^\"\\\\]|\\\\.)*)\")?.*$");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    private static final int PROBLEMS_KEPT = 10;

    private AccessLog() {
    }

    /**
     * Reads a whole log.
     *
     * @throws IOException when the file cannot be read (a missing file names itself)
     */
    public static Result read(Path file) throws IOException {
        List<Entry> entries = new ArrayList<>();
        long[] malformed = {0};
        List<String> problems = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            read(in, file.getFileName().toString(), entries::add, malformed, problems);
        }
        return new Result(entries, malformed[0], problems);
    }

    static void read(BufferedReader in, String name, Consumer<Entry> into, long[] malformed, List<String> problems)
            throws IOException {
        String line;
        long number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            try {
                into.accept(parse(line));
            } catch (IllegalArgumentException e) {
                malformed[0]++;
                if (problems.size() < PROBLEMS_KEPT) {
                    problems.add(name + " line " + number + ": " + e.getMessage());
                }
            }
        }
    }

    /** @throws IllegalArgumentException saying what is wrong with the line */
    public static Entry parse(String line) {
        if (line.stripLeading().startsWith("{")) {
            return JsonLines.parse(line);
        }
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            throw new IllegalArgumentException("not in the combined log format (host ident user [time] \"request\" "
                    + "status bytes \"referrer\" \"user agent\")");
        }
        Instant time;
        try {
            time = ZonedDateTime.parse(m.group(2), TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("time [" + m.group(2) + "] is not like [17/May/2015:10:05:03 +0000]");
        }
        String[] request = m.group(3).split(" ");
        String method = request.length >= 2 ? request[0] : "-";
        String path = request.length >= 2 ? request[1] : "-"; // "-" or garbage requests keep their status and bytes
        return new Entry(m.group(1), time, method, path, Integer.parseInt(m.group(4)),
                m.group(5).equals("-") ? 0 : Long.parseLong(m.group(5)), unescape(m.group(6)), unescape(m.group(7)));
    }

    private static String unescape(String s) {
        return s == null ? "" : s.replace("\\\"", "\"");
    }
}
