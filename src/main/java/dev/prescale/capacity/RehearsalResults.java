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
}
