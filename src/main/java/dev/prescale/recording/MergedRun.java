package dev.prescale.recording;

import dev.prescale.profile.Slo;
import dev.prescale.store.Point;
import dev.prescale.store.TimeSeriesStore;
import org.HdrHistogram.Histogram;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One rehearsal sent by several injectors, judged as one: the shards' run summaries from the store, their request
 * and error counts summed and their whole-run latency histograms added (never their percentiles averaged), the
 * objective judged on the result. A shard without a summary (it crashed, or never started) fails the run, by name.
 *
 * @param runId     the rehearsal
 * @param shards    injectors expected
 * @param missing   shards with no summary, by index
 * @param requests  requests of every shard
 * @param errors    failed requests of every shard
 * @param latency   the merged histogram (empty when no shard reported one)
 * @param slo       the objective, from the shards' summaries
 */
public record MergedRun(String runId, int shards, List<Integer> missing, long requests, long errors,
                        Histogram latency, Slo slo) {

    /** The tag value of the merged summary in {@code run_summary}. */
    public static final String MERGED = "merged";

    public MergedRun {
        missing = List.copyOf(missing);
    }

    /** The shards' summaries as they are now. */
    public static MergedRun read(TimeSeriesStore store, String runId, int shards) {
        Map<Integer, Point> latest = new TreeMap<>();
        for (Point p : store.read("run_summary", Map.of("run_id", runId), Instant.EPOCH,
                Instant.now().plus(Duration.ofDays(1)))) {
            Integer index = index(p.tag("shard"), shards);
            if (index != null && (!latest.containsKey(index) || latest.get(index).time().isBefore(p.time()))) {
                latest.put(index, p);
            }
        }
        List<Integer> missing = new ArrayList<>();
        long requests = 0;
        long errors = 0;
        Histogram merged = new Histogram(3);
        Duration p95Limit = null;
        Double errorLimit = null;
        for (int i = 0; i < shards; i++) {
            Point p = latest.get(i);
            if (p == null) {
                missing.add(i);
                continue;
            }
            requests += value(p.number("requests"));
            errors += value(p.number("errors"));
            String hdr = p.text("latency_hdr");
            if (hdr != null) {
                try {
                    merged.add(LatencyHistograms.decode(hdr));
                } catch (IllegalArgumentException e) {
                    missing.add(i); // a summary whose histogram cannot be read cannot be judged
                }
            }
            if (p.number("slo_p95_ms") != null) {
                p95Limit = Duration.ofMillis(Math.round(p.number("slo_p95_ms")));
            }
            if (p.number("slo_max_error_pct") != null) {
                errorLimit = p.number("slo_max_error_pct");
            }
        }
        return new MergedRun(runId, shards, missing, requests, errors, merged, new Slo(p95Limit, errorLimit));
    }

    /**
     * Waits until every shard has reported or {@code timeout} passes (the shards that have not are then missing).
     */
    public static MergedRun await(TimeSeriesStore store, String runId, int shards, Duration timeout, Clock clock)
            throws InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            MergedRun run = read(store, runId, shards);
            if (run.missing().isEmpty() || !clock.instant().isBefore(deadline)) {
                return run;
            }
            Thread.sleep(500);
        }
    }

    public double errorPercent() {
        return requests == 0 ? 0 : 100.0 * errors / requests;
    }

    /** The merged 95th percentile in milliseconds, NaN without responses. */
    public double p95Millis() {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(95);
    }

    /** The objective's limits this run missed (a run without responses misses its latency limit). */
    public long breaches() {
        return RunRecorder.breaches(slo, p95Millis(), errorPercent());
    }

    /** Every shard reported and the objective held on all their requests together. */
    public boolean passed() {
        return missing.isEmpty() && breaches() == 0;
    }

    /** One line for a log or a pipeline. */
    public String verdict() {
        String outcome = passed() ? "PASSED" : "FAILED";
        StringBuilder s = new StringBuilder(String.format(java.util.Locale.ROOT,
                "run %s on %d injectors %s: %d requests, %.2f%% errors, p95 %s ms", runId, shards, outcome, requests,
                errorPercent(), Double.isNaN(p95Millis()) ? "-" : String.format(java.util.Locale.ROOT, "%.0f",
                        p95Millis())));
        slo.p95().ifPresent(limit -> s.append(" (limit ").append(limit.toMillis()).append(" ms)"));
        if (slo.maxErrorPercent() != null) {
            s.append(String.format(java.util.Locale.ROOT, " (errors limit %.2f%%)", slo.maxErrorPercent()));
        }
        if (!missing.isEmpty()) {
            s.append("; shards that did not report: ").append(missing);
        }
        return s.toString();
    }

    /** The merged summary: {@code run_summary} tagged {@code shard=merged}. */
    public Point toPoint(Instant time) {
        Point.Builder p = Point.of("run_summary", time).tag("run_id", runId).tag("shard", MERGED)
                .field("requests", requests).field("errors", errors).field("shards", (long) shards)
                .field("missing_shards", missing.isEmpty() ? null : missing.toString())
                .field("passed", passed());
        if (latency.getTotalCount() > 0) {
            p.field("mean_ms", latency.getMean()).field("p95_ms", p95Millis())
                    .field("p99_ms", (double) latency.getValueAtPercentile(99))
                    .field("max_ms", (double) latency.getMaxValue());
        }
        RunRecorder.sloFields(p, slo, p95Millis(), errorPercent());
        return p.build();
    }

    private static Integer index(String tag, int shards) {
        if (tag == null) {
            return null;
        }
        try {
            int i = Integer.parseInt(tag);
            return i >= 0 && i < shards ? i : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long value(Double d) {
        return d == null ? 0 : Math.round(d);
    }
}
