package dev.prescale.scaling;

import dev.prescale.store.Point;
import dev.prescale.store.TimeSeriesStore;

import java.time.Instant;
import java.util.Map;

/**
 * Health from a run's live results ({@code request_results}): requests, error share, and p95 as the request-weighted
 * mean of the per-second p95s (a percentile of percentiles is not a percentile, but it moves with one).
 */
public record LiveResultsHealth(TimeSeriesStore store, String runId) implements CanaryOrchestrator.HealthProbe {

    @Override
    public CanaryOrchestrator.Health between(Instant from, Instant to) {
        long requests = 0;
        long errors = 0;
        double weightedP95 = 0;
        long timed = 0;
        for (Point p : store.read("request_results", Map.of("run_id", runId), from, to)) {
            long count = p.number("count") == null ? 0 : p.number("count").longValue();
            requests += count;
            errors += p.number("errors") == null ? 0 : p.number("errors").longValue();
            Double p95 = p.number("p95_ms");
            if (p95 != null && count > 0) {
                weightedP95 += p95 * count;
                timed += count;
            }
        }
        return new CanaryOrchestrator.Health(requests, requests == 0 ? 0 : errors / (double) requests,
                timed == 0 ? 0 : weightedP95 / timed);
    }
}
