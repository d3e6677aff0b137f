package dev.prescale.signature;

import dev.prescale.store.Point;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What requests cost, per source class and endpoint and per step of time: counts, failures, response bytes (sum and
 * quantiles), and the cost the service reported through {@code Server-Timing} (CPU, database, all of it, and how many
 * dependency calls). The {@code load_signature} measurement of SCHEMA.md. Fed from access logs (history) or from a
 * rehearsal's responses; not thread-safe (one importer feeds it).
 */
public final class LoadSignatures {

    /** One request's signature. {@code timing} is empty when the service reports no cost. */
    public record Request(Instant time, String source, String endpoint, int status, long responseBytes,
                          List<ServerTiming.Metric> timing) {

        /** A rehearsal's response: {@code serverTiming} is the header's value, or null. */
        public static Request of(Instant time, String source, String method, String path, int status, long bytes,
                                 String serverTiming) {
            return new Request(time, source, Endpoints.of(method, path), status, bytes,
                    ServerTiming.parse(serverTiming));
        }

        /** From an access log line: its source class from the user agent, its endpoint template from the path. */
        public static Request of(AccessLog.Entry e) {
            return new Request(e.time(), Sources.of(e.userAgent()), Endpoints.of(e.method(), e.path()), e.status(),
                    e.bytes(), List.of());
        }
    }

    private record Key(long bucket, String source, String endpoint) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Long.compare(bucket, o.bucket);
            c = c != 0 ? c : source.compareTo(o.source);
            return c != 0 ? c : endpoint.compareTo(o.endpoint);
        }
    }

    private static final class Sums {
        final Histogram bytes = new Histogram(3);
        long count;
        long errors;
        long bytesSum;
        double cpuMs;
        double dbMs;
        double costMs;
        double memMb;
        long dependencyCalls;
        long reported;
    }

    /** Server-Timing metrics that are not a dependency call (the service's own work). */
    private static final java.util.Set<String> OWN = java.util.Set.of("cpu", "app", "total", "mem", "memory", "gc");

    private final long stepSeconds;
    private final Map<Key, Sums> sums = new TreeMap<>();
    private long requests;

    public LoadSignatures(Duration step) {
        if (step.toSeconds() < 1) {
            throw new IllegalArgumentException("a signature step is at least one second, but was " + step);
        }
        this.stepSeconds = step.toSeconds();
    }

    public void add(Request r) {
        long bucket = Math.floorDiv(r.time().getEpochSecond(), stepSeconds) * stepSeconds;
        Sums s = sums.computeIfAbsent(new Key(bucket, r.source(), r.endpoint()), k -> new Sums());
        s.count++;
        s.errors += r.status() >= 500 ? 1 : 0;
        s.bytesSum += Math.max(0, r.responseBytes());
        s.bytes.recordValue(Math.max(0, r.responseBytes()));
        if (!r.timing().isEmpty()) {
            s.reported++;
            for (ServerTiming.Metric m : r.timing()) {
                double d = m.durationMillis().orElse(0);
                String name = m.name().toLowerCase(java.util.Locale.ROOT);
                s.costMs += name.equals("total") ? 0 : d;
                s.cpuMs += name.equals("cpu") || name.equals("app") ? d : 0;
                s.dbMs += name.startsWith("db") || name.equals("sql") ? d : 0;
                s.memMb += name.equals("mem") || name.equals("memory") ? megabytes(m.description()) : 0;
                s.dependencyCalls += OWN.contains(name) ? 0 : 1;
            }
        }
        requests++;
    }

    /** A memory description such as {@code 16MB}, {@code 512kB} or {@code 2GB} in MB; 0 when it says none. */
    static double megabytes(String description) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([kKmMgG]?)[bB]?\\s*")
                .matcher(description);
        if (!m.matches()) {
            return 0;
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2).toUpperCase(java.util.Locale.ROOT)) {
            case "K" -> v / 1024;
            case "G" -> v * 1024;
            default -> v;
        };
    }

    /** Requests added so far. */
    public long requests() {
        return requests;
    }

    /**
     * The signatures as {@code load_signature} points, one per step, source and endpoint.
     *
     * @param origin where the requests came from: {@code log:<file>} or {@code run:<id>}
     */
    public List<Point> points(String origin) {
        return points(origin, null, sums);
    }

    /**
     * The points of the steps that end at or before {@code epochSecond}, removed from these signatures: what a
     * running rehearsal writes while later steps still fill.
     *
     * @param shard the injector's shard tag, or null
     */
    public List<Point> drain(String origin, String shard, long epochSecond) {
        Map<Key, Sums> done = new TreeMap<>();
        var it = sums.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getKey().bucket() + stepSeconds > epochSecond) {
                break; // ordered by step: the rest are later
            }
            done.put(e.getKey(), e.getValue());
            it.remove();
        }
        return points(origin, shard, done);
    }

    private List<Point> points(String origin, String shard, Map<Key, Sums> of) {
        List<Point> points = new ArrayList<>(of.size());
        of.forEach((k, s) -> {
            Point.Builder p = Point.of("load_signature", Instant.ofEpochSecond(k.bucket())).tag("origin", origin)
                    .tag("source", k.source()).tag("endpoint", k.endpoint()).tag("shard", shard)
                    .field("count", s.count).field("errors", s.errors).field("bytes_sum", s.bytesSum)
                    .field("bytes_p50", (double) s.bytes.getValueAtPercentile(50))
                    .field("bytes_p95", (double) s.bytes.getValueAtPercentile(95))
                    .field("step_s", stepSeconds);
            if (s.reported > 0) {
                p.field("cost_reported", s.reported).field("cost_ms", s.costMs).field("cpu_ms", s.cpuMs)
                        .field("db_ms", s.dbMs).field("mem_mb", s.memMb)
                        .field("dependency_calls", s.dependencyCalls);
            }
            points.add(p.build());
        });
        return points;
    }

    /** Requests per source class, for a summary. */
    public Map<String, Long> bySource() {
        Map<String, Long> by = new TreeMap<>();
        sums.forEach((k, s) -> by.merge(k.source(), s.count, Long::sum));
        return by;
    }
}
