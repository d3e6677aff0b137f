package dev.prescale.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A recorded request-rate trace: how many requests arrived in each fixed interval ("step"), read from a CSV of
 * {@code timestamp,requests} rows.
 *
 * <p>Timestamps are ISO-8601 with an offset ({@code 1995-07-01T00:00:00-04:00}) or Unix seconds. The step is the most
 * common gap between rows; a missing row is a step with no requests (real traces have outages: the NASA trace misses
 * several days), so gaps are replayed as silence rather than smeared over the neighbouring rows.
 */
public final class RateTrace {

    private final Path source;
    private final Instant start;
    private final double stepSeconds;
    private final double[] counts;

    private RateTrace(Path source, Instant start, double stepSeconds, double[] counts) {
        this.source = source;
        this.start = start;
        this.stepSeconds = stepSeconds;
        this.counts = counts;
    }

    /**
     * Reads a trace file.
     *
     * @throws ProfileException naming {@code field}, the file and the line of the first bad row
     */
    public static RateTrace read(Path file, String field) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw ProfileException.inField(field, "cannot read trace file " + file.toAbsolutePath() + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                    "give the path of a CSV of timestamp,requests rows, relative to the profile file", e);
        }
        List<long[]> rows = new ArrayList<>(lines.size()); // {epochSecond, lineNumber}
        List<Double> values = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int lineNumber = i + 1;
            if (line.isEmpty() || line.startsWith("#") || (lineNumber == 1 && line.matches("(?i)[a-z_ ]+,[a-z_ ]+"))) {
                continue;
            }
            String[] cells = line.split(",");
            if (cells.length != 2) {
                throw badRow(field, file, lineNumber, line, "expected 2 columns (timestamp,requests), found "
                        + cells.length);
            }
            long epochSecond = parseTimestamp(cells[0].strip(), field, file, lineNumber, line);
            double requests;
            try {
                requests = Double.parseDouble(cells[1].strip());
            } catch (NumberFormatException e) {
                throw badRow(field, file, lineNumber, line, "'" + cells[1].strip() + "' is not a number of requests");
            }
            if (!Double.isFinite(requests) || requests < 0) {
                throw badRow(field, file, lineNumber, line, "requests must be finite and >= 0, but was " + requests);
            }
            if (!rows.isEmpty() && epochSecond <= rows.get(rows.size() - 1)[0]) {
                throw badRow(field, file, lineNumber, line, "timestamp is not after the previous row's (line "
                        + rows.get(rows.size() - 1)[1] + ")");
            }
            rows.add(new long[]{epochSecond, lineNumber});
            values.add(requests);
        }
        if (rows.size() < 2) {
            throw ProfileException.inField(field, "trace file " + file + " has " + rows.size()
                    + " data rows; a trace needs at least 2 to know its step", "add rows of timestamp,requests");
        }
        long[] gaps = new long[rows.size() - 1];
        for (int i = 1; i < rows.size(); i++) {
            gaps[i - 1] = rows.get(i)[0] - rows.get(i - 1)[0];
        }
        long step = mode(gaps);
        long first = rows.get(0)[0];
        int slots = (int) ((rows.get(rows.size() - 1)[0] - first) / step) + 1;
        double[] counts = new double[slots];
        for (int i = 0; i < rows.size(); i++) {
            counts[(int) Math.min(slots - 1, Math.round((rows.get(i)[0] - first) / (double) step))] += values.get(i);
        }
        return new RateTrace(file, Instant.ofEpochSecond(first), step, counts);
    }

    /** A trace from counts already in memory (history from the store, tests). */
    public static RateTrace of(Instant start, double stepSeconds, double[] counts) {
        if (!(stepSeconds > 0) || counts.length == 0) {
            throw new IllegalArgumentException("a trace needs a positive step and at least one count, but had step "
                    + stepSeconds + " and " + counts.length + " counts");
        }
        return new RateTrace(null, start, stepSeconds, counts.clone());
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

    public double totalRequests() {
        return Arrays.stream(counts).sum();
    }

    private static long parseTimestamp(String cell, String field, Path file, int lineNumber, String line) {
        if (cell.matches("\\d+(\\.\\d+)?")) {
            return (long) Double.parseDouble(cell);
        }
        try {
            return OffsetDateTime.parse(cell).toEpochSecond();
        } catch (DateTimeParseException e) {
            throw badRow(field, file, lineNumber, line, "'" + cell
                    + "' is not a timestamp (ISO-8601 with offset, e.g. 1995-07-01T00:00:00-04:00, or Unix seconds)");
        }
    }

    private static ProfileException badRow(String field, Path file, int lineNumber, String line, String problem) {
        return ProfileException.inField(field, "trace file " + file + " line " + lineNumber + " ('" + line + "'): "
                + problem, "correct or delete that line; rows are timestamp,requests in time order");
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
