package dev.prescale.capacity;

import dev.prescale.store.Point;
import dev.prescale.store.TimeSeriesStore;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Reads a rehearsal's steady-state load sample back from the store (measurements of profile-db/SCHEMA.md). */
public final class RehearsalResults {

    private RehearsalResults() {
    }

    /**
     * The fleet's mean arrivals, ready instances and utilization over run {@code runId}, ignoring its first
     * {@code warmUpSeconds} (the shadow service reports over a trailing window that starts empty) and its last second.
     */
    public static LoadSample steadyState(TimeSeriesStore store, String runId, int warmUpSeconds) {
        List<Point> fleet = store.read("utilization", Map.of("run_id", runId, "instance", "fleet"), Instant.EPOCH,
                Instant.parse("2262-01-01T00:00:00Z"));
        if (fleet.size() <= warmUpSeconds + 1) {
            throw new IllegalArgumentException("run " + runId + " has " + fleet.size() + " utilization samples; "
                    + "need more than " + (warmUpSeconds + 1) + " (run longer, or record with prescale.store)");
        }
        List<Point> steady = fleet.subList(warmUpSeconds, fleet.size() - 1);
        double rps = steady.stream().mapToDouble(p -> p.number("rps")).average().orElseThrow();
        double cpu = steady.stream().mapToDouble(p -> p.number("cpu")).average().orElseThrow();
        int instances = (int) Math.round(steady.stream().mapToDouble(p -> p.number("ready_instances")).average()
                .orElseThrow());
        List<Point> summary = store.read("run_summary", Map.of("run_id", runId), Instant.EPOCH,
                Instant.parse("2262-01-01T00:00:00Z"));
        double p95 = summary.isEmpty() || summary.get(0).number("p95_ms") == null ? Double.NaN
                : summary.get(0).number("p95_ms");
        return new LoadSample(rps, Math.max(1, instances), cpu, p95);
    }

    /**
     * One sample per second of run {@code runId} after {@code warmUpSeconds}: a rehearsal whose load varies (a
     * forecast replayed) measures many load levels in one run. Seconds with no ready instance or no arrivals are
     * left out; p95 is unknown per second (NaN).
     */
    public static java.util.List<LoadSample> perSecond(TimeSeriesStore store, String runId, int warmUpSeconds) {
        List<Point> fleet = store.read("utilization", Map.of("run_id", runId, "instance", "fleet"), Instant.EPOCH,
                Instant.parse("2262-01-01T00:00:00Z"));
        java.util.List<LoadSample> samples = new java.util.ArrayList<>();
        for (Point p : fleet.subList(Math.min(warmUpSeconds, fleet.size()), Math.max(Math.min(warmUpSeconds,
                fleet.size()), fleet.size() - 1))) {
            Double rps = p.number("rps");
            Double cpu = p.number("cpu");
            Double ready = p.number("ready_instances");
            if (rps != null && cpu != null && ready != null && ready >= 1 && rps > 0) {
                samples.add(new LoadSample(rps, (int) Math.round(ready), cpu, Double.NaN));
            }
        }
        return samples;
    }

    /**
     * One {@link SignatureSample} per second of run {@code runId} after {@code warmUpSeconds}: the fleet's utilization
     * and memory as sampled, against each endpoint's rate from the run's {@code load_signature} points averaged over
     * the {@code windowSeconds} before the sample (the window the target's utilization is measured over: 5 s for the
     * shadow service). Seconds with no ready instance or no requests in the window are left out.
     */
    public static List<SignatureSample> signatureSamples(TimeSeriesStore store, String runId, int warmUpSeconds,
                                                         int windowSeconds) {
        Instant end = Instant.parse("2262-01-01T00:00:00Z");
        List<Point> fleet = store.read("utilization", Map.of("run_id", runId, "instance", "fleet"), Instant.EPOCH,
                end);
        java.util.NavigableMap<Long, Map<String, Double>> counts = new java.util.TreeMap<>();
        for (Point p : store.read("load_signature", Map.of("origin", "run:" + runId), Instant.EPOCH, end)) {
            Double count = p.number("count");
            String endpoint = p.tags().get("endpoint");
            if (count != null && endpoint != null) {
                counts.computeIfAbsent(p.time().getEpochSecond(), k -> new java.util.HashMap<>())
                        .merge(endpoint, count, Double::sum);
            }
        }
        List<SignatureSample> samples = new java.util.ArrayList<>();
        int from = Math.min(warmUpSeconds, fleet.size());
        for (Point p : fleet.subList(from, Math.max(from, fleet.size() - 1))) {
            long t = p.time().getEpochSecond();
            Map<String, Double> rps = new java.util.HashMap<>();
            counts.subMap(t - windowSeconds, true, t, false).values().forEach(m -> m.forEach((e, c) ->
                    rps.merge(e, c / windowSeconds, Double::sum)));
            Double cpu = p.number("cpu");
            Double ready = p.number("ready_instances");
            Double memory = p.number("memory_mb");
            if (cpu != null && ready != null && ready >= 1 && !rps.isEmpty()) {
                samples.add(new SignatureSample(rps, (int) Math.round(ready), cpu, memory == null ? 0 : memory));
            }
        }
        return samples;
    }
}
