package dev.prescale.recording;

import dev.prescale.profile.Slo;
import dev.prescale.signature.LoadSignatures;
import dev.prescale.store.Point;
import dev.prescale.store.TimeSeriesStore;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Live results of a run: every request's outcome aggregated per second, per request name and per tier (count,
 * errors, mean and percentiles from an HdrHistogram), written to the store each second while the run goes on, with
 * the target's utilization sampled on the same clock, what the requests cost ({@code load_signature}, when the
 * simulation hands their size and {@code Server-Timing}), and a summary at the end (measurements
 * {@code request_results}, {@code utilization}, {@code run_summary} of {@code profile-db/SCHEMA.md}).
 *
 * <p>Built for the hot path: {@link #record} is called on Gatling's event loops for every request and costs a map
 * lookup and a histogram update under a per-bucket lock; all I/O happens on the recorder's own thread through the
 * store's buffer. Thread-safe.
 */
public final class RunRecorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunRecorder.class);
    private static final long HIGHEST_MS = 3_600_000;
    /** Seconds a request's second stays open after it: results are binned by when requests were sent. */
    static final int GRACE_SECONDS = 1;

    /**
     * Identifies the run in every point it writes.
     *
     * @param slo   the objective the run is held to, written with its outcome to {@code run_summary}
     * @param shard the injector's shard index when several injectors share the run (a {@code shard} tag on every
     *              point, and its whole-run latency histogram in its {@code run_summary} for {@link MergedRun}), or
     *              null
     */
    public record RunInfo(String runId, String simulation, String profileId, double expectedRequests, Slo slo,
                          String shard) {

        public RunInfo {
            slo = slo == null ? Slo.NONE : slo;
        }

        /** A run on one injector. */
        public RunInfo(String runId, String simulation, String profileId, double expectedRequests, Slo slo) {
            this(runId, simulation, profileId, expectedRequests, slo, null);
        }
    }

    private record Key(long second, String request, String tier) {
    }

    /**
     * What a response tells of the request's cost, for its load signature.
     *
     * @param serverTiming the response's {@code Server-Timing} header, or null when it had none
     */
    public record Cost(String method, String path, int status, long responseBytes, String serverTiming) {
    }

    private static final class Bucket {
        final Histogram latency = new Histogram(HIGHEST_MS, 3);
        long count;
        long errors;
        boolean sealed;
    }

    private final TimeSeriesStore store;
    private final RunInfo run;
    private final Clock clock;
    private final Supplier<List<UtilizationSample>> utilization;
    private final Map<Key, Bucket> open = new ConcurrentHashMap<>();
    private final Histogram total = new Histogram(HIGHEST_MS, 3);
    /** Per tier (forecast, baseline, an A/B variant): count, errors and latency; guarded by {@link #total}. */
    private final Map<String, Bucket> tiers = new java.util.TreeMap<>();
    private final ScheduledExecutorService ticker;
    private final Instant started;
    private long totalCount;
    /** Every second before this one has been written. */
    private volatile long writtenBefore = Long.MIN_VALUE;
    private long totalErrors;
    private boolean closed;
    private volatile Tap tap;
    /** Per-second load signatures of the responses recorded with their cost; guarded by itself. */
    private final LoadSignatures signatures = new LoadSignatures(Duration.ofSeconds(1));
    private long signaturesBefore = Long.MIN_VALUE;

    /** Sees every recorded response as it is recorded: for a caller that judges stretches of a run on its own. */
    @FunctionalInterface
    public interface Tap {
        /** @param responseMillis null when there was no response at all */
        void response(long epochMillis, Integer responseMillis, boolean ok);
    }

    /**
     * @param utilization samples the target's resources, or returns an empty list when it cannot tell
     */
    public RunRecorder(TimeSeriesStore store, RunInfo run, Clock clock, Supplier<List<UtilizationSample>> utilization) {
        this.store = store;
        this.run = run;
        this.clock = clock;
        this.utilization = utilization;
        this.started = clock.instant();
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "prescale-recorder");
            t.setDaemon(true);
            return t;
        });
        long toNextSecond = 1000 - clock.millis() % 1000;
        ticker.scheduleAtFixedRate(this::tick, toNextSecond, 1000, TimeUnit.MILLISECONDS);
    }

    public RunInfo run() {
        return run;
    }

    /**
     * Records one finished request.
     *
     * @param responseMillis response time as Gatling measured it, or null when there was no response at all
     */
    public void record(String request, String tier, Integer responseMillis, boolean ok) {
        record(request, tier, responseMillis, ok, null);
    }

    /**
     * Records one finished request and, when {@code cost} is given, its load signature (written per second to the
     * {@code load_signature} measurement, origin {@code run:<id>}, source the tier).
     */
    public void record(String request, String tier, Integer responseMillis, boolean ok, Cost cost) {
        long now = clock.millis();
        record(request, tier, responseMillis == null ? now : now - Math.max(0, responseMillis), responseMillis, ok,
                cost);
    }

    /** This recorder's clock, in milliseconds: what {@code sentMillis} is read from. */
    public long millis() {
        return clock.millis();
    }

    /**
     * Records one finished request sent at {@code sentMillis} (this recorder's {@link #millis()} when the virtual user
     * sent it). Better than deriving it from the response time at the moment the response is handled: an injector
     * that stalls between a response and its handling would move requests into a later second.
     */
    public void record(String request, String tier, long sentMillis, Integer responseMillis, boolean ok, Cost cost) {
        long now = clock.millis();
        if (cost != null) {
            long sent = sentMillis / 1000;
            synchronized (signatures) {
                signatures.add(LoadSignatures.Request.of(Instant.ofEpochSecond(Math.max(sent, signaturesBefore)),
                        tier, cost.method(), cost.path(), cost.status(), cost.responseBytes(), cost.serverTiming()));
            }
        }
        // the second the request was sent in (its response time earlier): the rate sent is what a profile plans
        long second = sentMillis / 1000;
        long ms = responseMillis == null ? -1 : Math.max(0, Math.min(HIGHEST_MS, responseMillis));
        while (true) {
            // a response slower than the grace finds its second written already: it counts in the oldest open one
            second = Math.max(second, writtenBefore);
            Bucket bucket = open.computeIfAbsent(new Key(second, request, tier), k -> new Bucket());
            synchronized (bucket) {
                if (!bucket.sealed) {
                    bucket.count++;
                    if (!ok) {
                        bucket.errors++;
                    }
                    if (ms >= 0) {
                        bucket.latency.recordValue(ms);
                    }
                    break;
                }
            }
            second++; // sealed while we looked: it is being written
        }
        synchronized (total) {
            totalCount++;
            if (!ok) {
                totalErrors++;
            }
            if (ms >= 0) {
                total.recordValue(ms);
            }
            Bucket byTier = tiers.computeIfAbsent(tier == null ? "none" : tier, k -> new Bucket());
            byTier.count++;
            byTier.errors += ok ? 0 : 1;
            if (ms >= 0) {
                byTier.latency.recordValue(ms);
            }
        }
        Tap t = tap;
        if (t != null) {
            t.response(now, responseMillis, ok);
        }
    }

    /** Hands every response recorded from now on to {@code tap} as well (one tap; null removes it). */
    public void tap(Tap tap) {
        this.tap = tap;
    }

    /** Requests recorded so far. */
    public long count() {
        synchronized (total) {
            return totalCount;
        }
    }

    /** Writes what remains, the run summary, and waits up to {@code timeout} for the store to take it all. */
    public boolean finish(Duration timeout) {
        synchronized (this) {
            if (closed) {
                return true;
            }
            closed = true;
        }
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeBuckets(Long.MAX_VALUE);
        Instant end = clock.instant();
        Point.Builder summary = Point.of("run_summary", end).tag("run_id", run.runId())
                .tag("simulation", run.simulation()).tag("profile_id", run.profileId()).tag("shard", run.shard())
                .field("duration_s", Duration.between(started, end).toMillis() / 1000.0)
                .field("expected_requests", Double.isNaN(run.expectedRequests()) ? null : run.expectedRequests());
        synchronized (total) {
            summary.field("requests", totalCount).field("errors", totalErrors);
            double p95 = total.getTotalCount() == 0 ? Double.NaN : total.getValueAtPercentile(95);
            if (total.getTotalCount() > 0) {
                summary.field("mean_ms", total.getMean()).field("p95_ms", p95)
                        .field("p99_ms", (double) total.getValueAtPercentile(99))
                        .field("max_ms", (double) total.getMaxValue());
            }
            sloFields(summary, p95, totalCount == 0 ? 0 : 100.0 * totalErrors / totalCount);
            if (run.shard() != null) {
                summary.field("latency_hdr", LatencyHistograms.encode(total));
            }
        }
        store.write(summary.build());
        store.write(tierSummaries(end));
        return store.flush(timeout);
    }

    /** One {@code tier_summary} point per tier: each judged on its own requests (an A/B variant apart). */
    private List<Point> tierSummaries(Instant end) {
        List<Point> points = new ArrayList<>();
        synchronized (total) {
            tiers.forEach((tier, b) -> {
                double p95 = b.latency.getTotalCount() == 0 ? Double.NaN : b.latency.getValueAtPercentile(95);
                Point.Builder p = Point.of("tier_summary", end).tag("run_id", run.runId()).tag("tier", tier)
                        .tag("shard", run.shard()).field("requests", b.count).field("errors", b.errors);
                if (b.latency.getTotalCount() > 0) {
                    p.field("p95_ms", p95);
                }
                sloFields(p, p95, b.count == 0 ? 0 : 100.0 * b.errors / b.count);
                points.add(p.build());
            });
        }
        return points;
    }

    /**
     * The objective and how many of its limits the run missed, so a dashboard or alert sees a failed rehearsal
     * without reading Gatling's report. A run that completed no request misses its latency limit: it proved nothing.
     */
    private void sloFields(Point.Builder summary, double p95Millis, double errorPercent) {
        sloFields(summary, run.slo(), p95Millis, errorPercent);
    }

    /** The objective's fields and its breaches, for a run summary (one injector's, or merged ones'). */
    static void sloFields(Point.Builder summary, Slo slo, double p95Millis, double errorPercent) {
        if (slo.p95Latency() != null) {
            summary.field("slo_p95_ms", (double) slo.p95Latency().toMillis());
        }
        if (slo.maxErrorPercent() != null) {
            summary.field("slo_max_error_pct", slo.maxErrorPercent());
        }
        summary.field("slo_breaches", breaches(slo, p95Millis, errorPercent));
    }

    /** How many of the objective's limits a run missed; one without responses (NaN p95) misses its latency limit. */
    static long breaches(Slo slo, double p95Millis, double errorPercent) {
        long breaches = 0;
        if (slo.p95Latency() != null) {
            breaches += Double.isNaN(p95Millis) || p95Millis > slo.p95Latency().toMillis() ? 1 : 0;
        }
        if (slo.maxErrorPercent() != null) {
            breaches += errorPercent > slo.maxErrorPercent() ? 1 : 0;
        }
        return breaches;
    }

    @Override
    public void close() {
        if (!finish(Duration.ofSeconds(30))) {
            LOG.warn("results of run {} are still buffered for the store [stats={}]", run.runId(), store.stats());
        }
    }

    private void tick() {
        try {
            long now = clock.millis();
            writeBuckets(now / 1000 - GRACE_SECONDS); // responses to requests sent then may still be arriving
            List<Point> samples = new ArrayList<>();
            for (UtilizationSample s : utilization.get()) {
                samples.add(Point.of("utilization", Instant.ofEpochSecond(now / 1000)).tag("run_id", run.runId())
                        .tag("instance", s.instance()).tag("shard", run.shard()).field("cpu", s.cpu()).field("memory_mb", s.memoryMb())
                        .field("in_flight", s.inFlight())
                        .field("rps", Double.isNaN(s.rps()) ? null : s.rps())
                        .field("error_rate", Double.isNaN(s.errorRate()) ? null : s.errorRate())
                        .field("instances", s.instances() < 0 ? null : (long) s.instances())
                        .field("ready_instances", s.readyInstances() < 0 ? null : (long) s.readyInstances())
                        .build());
            }
            store.write(samples);
        } catch (RuntimeException e) {
            LOG.warn("recording tick failed for run {}: {}", run.runId(), e.toString());
        }
    }

    private void writeBuckets(long beforeSecond) {
        if (beforeSecond != Long.MAX_VALUE) { // finishing writes everything: no second closes for later records
            writtenBefore = Math.max(writtenBefore, beforeSecond);
        }
        List<Point> costs;
        synchronized (signatures) {
            signaturesBefore = Math.max(signaturesBefore, beforeSecond == Long.MAX_VALUE ? signaturesBefore
                    : beforeSecond);
            costs = signatures.drain("run:" + run.runId(), run.shard(), beforeSecond);
        }
        if (!costs.isEmpty()) {
            store.write(costs);
        }
        List<Point> points = new ArrayList<>();
        for (Key key : List.copyOf(open.keySet())) {
            if (key.second() >= beforeSecond) {
                continue;
            }
            Bucket bucket = open.remove(key);
            synchronized (bucket) {
                bucket.sealed = true;
                Point.Builder p = Point.of("request_results", Instant.ofEpochSecond(key.second()))
                        .tag("run_id", run.runId()).tag("profile_id", run.profileId())
                        .tag("request", key.request()).tag("tier", key.tier()).tag("shard", run.shard())
                        .field("count", bucket.count).field("errors", bucket.errors);
                Histogram h = bucket.latency;
                if (h.getTotalCount() > 0) {
                    p.field("mean_ms", h.getMean()).field("p50_ms", (double) h.getValueAtPercentile(50))
                            .field("p95_ms", (double) h.getValueAtPercentile(95))
                            .field("p99_ms", (double) h.getValueAtPercentile(99))
                            .field("max_ms", (double) h.getMaxValue());
                }
                points.add(p.build());
            }
        }
        if (!points.isEmpty()) {
            store.write(points);
        }
    }
}
