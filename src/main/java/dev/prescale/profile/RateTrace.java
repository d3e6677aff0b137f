package dev.prescale.profile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A recorded request-rate trace: how many requests arrived in each fixed interval ("step"), read from a CSV of
 * {@code timestamp,requests} rows.
 *
 * <p>Timestamps are ISO-8601 with an offset ({@code 1995-07-01T00:00:00-04:00}), {@code yyyy-mm-dd hh:mm:ss} read as UTC
 * (as the Numenta benchmark writes them), or Unix seconds. The step is the most
 * common gap between rows; a missing row is a step with no requests (real traces have outages: the NASA trace misses
 * several days), so gaps are replayed as silence rather than smeared over the neighbouring rows.
 */
public final class RateTrace {

    private final Path source;
    private final Instant start;
    private final double stepSeconds;
    private final double[] counts;
    private final boolean[] recorded;

    private RateTrace(Path source, Instant start, double stepSeconds, double[] counts, boolean[] recorded) {
        this.source = source;
        this.start = start;
        this.stepSeconds = stepSeconds;
        this.counts = counts;
        this.recorded = recorded;
    }

    /** The largest trace file read, in bytes (a month of per-second rows is about 60 MB). */
    public static final long MAX_BYTES = 256L << 20;

    /** The most steps a trace may span, gaps included: a year of one-second steps is 31.5 million. */
    public static final long MAX_STEPS = 40_000_000L;

    /** Unix seconds of 9999-12-31T23:59:59Z, the latest timestamp a row may carry. */
    private static final long LATEST_SECOND = 253_402_300_799L;

    /**
     * Reads a trace file whose steps are mostly present: see {@link #read(Path, String, boolean)}.
     *
     * @throws ProfileException naming {@code field}, the file and the line of the first bad row
     */
    public static RateTrace read(Path file, String field) {
        return read(file, field, false);
    }

    /**
     * Reads a trace file. A file that is not a regular file, is larger than {@link #MAX_BYTES} or spans more than
     * {@link #MAX_STEPS} steps is refused; so is one with more missing steps than rows (one far timestamp would
     * otherwise become millions of silent steps) unless {@code allowGaps}. Messages name the file, line and column,
     * never the file's text.
     *
     * @throws ProfileException naming {@code field}, the file and the line of the first bad row
     */
    public static RateTrace read(Path file, String field, boolean allowGaps) {
        List<long[]> rows = new ArrayList<>(); // {epochSecond, lineNumber}
        List<Double> values = new ArrayList<>();
        try {
            if (!Files.isRegularFile(file)) {
                throw ProfileException.inField(field, "trace file " + file.toAbsolutePath() + " is not a regular file",
                        "give the path of a CSV of timestamp,requests rows");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw ProfileException.inField(field, "trace file " + file + " is " + Files.size(file)
                        + " bytes, more than the " + MAX_BYTES + " a trace may have",
                        "aggregate it to a coarser step (per minute) or cut it into shorter windows");
            }
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                long charsRead = 0;
                String raw;
                for (int lineNumber = 1; (raw = reader.readLine()) != null; lineNumber++) {
                    charsRead += raw.length() + 1;
                    if (charsRead > MAX_BYTES) { // a file whose size the file system does not know (/proc)
                        throw ProfileException.inField(field, "trace file " + file + " goes on past " + MAX_BYTES
                                + " bytes", "give a CSV file of at most that size");
                    }
                    readRow(raw.strip(), lineNumber, field, file, rows, values);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw ProfileException.inField(field, "cannot read trace file " + file.toAbsolutePath() + " ("
                    + e.getClass().getSimpleName() + ")",
                    "give the path of a readable UTF-8 CSV of timestamp,requests rows", e);
        }
        if (rows.size() < 2) {
            throw ProfileException.inField(field, "trace file " + file + " has " + rows.size()
                    + " data rows; a trace needs at least 2 to know its step", "add rows of timestamp,requests");
        }
        long[] gaps = new long[rows.size() - 1];
        int widest = 0;
        for (int i = 1; i < rows.size(); i++) {
            gaps[i - 1] = rows.get(i)[0] - rows.get(i - 1)[0];
            widest = gaps[i - 1] > gaps[widest] ? i - 1 : widest;
        }
        long step = mode(gaps);
        long first = rows.get(0)[0];
        long steps = (rows.get(rows.size() - 1)[0] - first) / step + 1;
        String widestGap = "the widest gap is " + gaps[widest] / step + " steps, before line "
                + rows.get(widest + 1)[1];
        if (!allowGaps && steps - rows.size() > rows.size()) {
            throw ProfileException.inField(field, "trace file " + file + " has " + rows.size() + " rows but spans "
                    + steps + " steps of " + step + " s, so most of it would be silence; " + widestGap,
                    "correct that row's timestamp, or allow gaps (--allow-gaps) if the silence is real");
        }
        if (steps > MAX_STEPS) {
            throw ProfileException.inField(field, "trace file " + file + " spans " + steps + " steps of " + step
                    + " s, more than " + MAX_STEPS + "; " + widestGap, "correct that row's timestamp, or cut the "
                    + "trace into shorter windows");
        }
        double[] counts = new double[(int) steps];
        boolean[] recorded = new boolean[(int) steps];
        for (int i = 0; i < rows.size(); i++) {
            int slot = (int) Math.min(steps - 1, Math.round((rows.get(i)[0] - first) / (double) step));
            counts[slot] += values.get(i);
            recorded[slot] = true;
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] / step > Rates.MAX_RATE) {
                throw ProfileException.inField(field, "trace file " + file + " has " + counts[i] + " requests in the "
                        + step + " s step at " + Instant.ofEpochSecond(first + i * step) + ", more than "
                        + Rates.MAX_RATE + " requests/s", "correct that row; counts are requests per step");
            }
        }
        return new RateTrace(file, Instant.ofEpochSecond(first), step, counts, recorded);
    }

    private static void readRow(String line, int lineNumber, String field, Path file, List<long[]> rows,
                                List<Double> values) {
        if (line.isEmpty() || line.startsWith("#") || (lineNumber == 1 && line.matches("(?i)[a-z_ ]+,[a-z_ ]+"))) {
            return;
        }
        String[] cells = line.split(",", -1);
        if (cells.length != 2) {
            throw badRow(field, file, lineNumber, "expected 2 columns (timestamp,requests), found " + cells.length);
        }
        long epochSecond = parseTimestamp(cells[0].strip(), field, file, lineNumber);
        double requests;
        try {
            requests = Double.parseDouble(cells[1].strip());
        } catch (NumberFormatException e) {
            throw badRow(field, file, lineNumber, "column 2 is not a number of requests");
        }
        if (!Double.isFinite(requests) || requests < 0) {
            throw badRow(field, file, lineNumber, "requests must be finite and >= 0");
        }
        if (!rows.isEmpty() && epochSecond <= rows.get(rows.size() - 1)[0]) {
            throw badRow(field, file, lineNumber, "timestamp is not after the previous row's (line "
                    + rows.get(rows.size() - 1)[1] + ")");
        }
        rows.add(new long[]{epochSecond, lineNumber});
        values.add(requests);
    }

    /** A trace from counts already in memory (history from the store, tests). */
    public static RateTrace of(Instant start, double stepSeconds, double[] counts) {
        if (!(stepSeconds > 0) || counts.length == 0) {
            throw new IllegalArgumentException("a trace needs a positive step and at least one count, but had step "
                    + stepSeconds + " and " + counts.length + " counts");
        }
        boolean[] recorded = new boolean[counts.length];
        Arrays.fill(recorded, true);
        return new RateTrace(null, start, stepSeconds, counts.clone(), recorded);
    }

    public Instant start() {
        return start;
    }

    /** Instant just after the last recorded step. */
    public Instant end() {
        return start.plusMillis(Math.round(spanSeconds() * 1000));
    }

    public double stepSeconds() {
        return stepSeconds;
    }

    public double spanSeconds() {
        return counts.length * stepSeconds;
    }

    /** Requests per second at {@code x} seconds after {@link #start()}; 0 outside the trace. */
    public double rateAt(double x) {
        int slot = (int) Math.floor(x / stepSeconds);
        return slot < 0 || slot >= counts.length ? 0 : counts[slot] / stepSeconds;
    }

    /** Requests recorded between {@code a} and {@code b} seconds after the start, counting partial steps pro rata. */
    public double requestsBetween(double a, double b) {
        a = Math.max(0, a);
        b = Math.min(spanSeconds(), b);
        if (b <= a) {
            return 0;
        }
        int first = (int) Math.floor(a / stepSeconds);
        int last = Math.min(counts.length - 1, (int) Math.floor(b / stepSeconds));
        double total = 0;
        for (int slot = first; slot <= last; slot++) {
            double lo = Math.max(a, slot * stepSeconds);
            double hi = Math.min(b, (slot + 1) * stepSeconds);
            if (hi > lo) {
                total += counts[slot] * (hi - lo) / stepSeconds;
            }
        }
        return total;
    }

    /** Where the trace came from, or null when it was built in memory. */
    public Path source() {
        return source;
    }

    /**
     * Requests of each step, NaN where the file had no row: a gap in the record, which a replay should not read as a
     * step without traffic.
     */
    public double[] countsWithGaps() {
        double[] withGaps = counts.clone();
        for (int i = 0; i < withGaps.length; i++) {
            withGaps[i] = recorded[i] ? withGaps[i] : Double.NaN;
        }
        return withGaps;
    }

    public double totalRequests() {
        return Arrays.stream(counts).sum();
    }

    private static long parseTimestamp(String cell, String field, Path file, int lineNumber) {
        long epochSecond;
        if (cell.matches("\\d{1,15}(\\.\\d+)?")) {
            epochSecond = (long) Double.parseDouble(cell);
        } else {
            try {
                epochSecond = cell.length() == 19 // no offset, as NAB writes them: read as UTC
                        ? LocalDateTime.parse(cell.replace(' ', 'T')).toEpochSecond(ZoneOffset.UTC)
                        : OffsetDateTime.parse(cell).toEpochSecond();
            } catch (DateTimeParseException e) {
                throw badRow(field, file, lineNumber, "column 1 is not a timestamp (ISO-8601 with offset, e.g. "
                        + "1995-07-01T00:00:00-04:00, a UTC 'yyyy-mm-dd hh:mm:ss', or Unix seconds)");
            }
        }
        if (epochSecond < 0 || epochSecond > LATEST_SECOND) {
            throw badRow(field, file, lineNumber, "the timestamp is before 1970 or after 9999");
        }
        return epochSecond;
    }

    private static ProfileException badRow(String field, Path file, int lineNumber, String problem) {
        return ProfileException.inField(field, "trace file " + file + " line " + lineNumber + ": " + problem,
                "correct or delete that line; rows are timestamp,requests in time order");
    }

    private static long mode(long[] gaps) {
        long[] sorted = gaps.clone();
        Arrays.sort(sorted);
        long best = sorted[0];
        int bestRun = 0;
        for (int i = 0; i < sorted.length; ) {
            int j = i;
            while (j < sorted.length && sorted[j] == sorted[i]) {
                j++;
            }
            if (j - i > bestRun) {
                bestRun = j - i;
                best = sorted[i];
            }
            i = j;
        }
        return best;
    }
}
