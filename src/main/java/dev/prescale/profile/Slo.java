package dev.prescale.profile;

import java.time.Duration;
import java.util.Optional;

/**
 * The service-level objective a rehearsal of a profile must meet; simulations turn it into Gatling assertions that
 * fail the build. Either limit may be absent (null).
 *
 * @param p95Latency       95th-percentile response time limit, or null
 * @param maxErrorPercent  largest acceptable share of failed requests, in percent (0..100), or null
 */
public record Slo(Duration p95Latency, Double maxErrorPercent) {

    /** No objective: nothing is asserted. */
    public static final Slo NONE = new Slo(null, null);

    public Slo {
        if (p95Latency != null && (p95Latency.isNegative() || p95Latency.isZero())) {
            throw ProfileException.inField("slo.p95", "must be a positive duration, but was " + p95Latency,
                    "write a latency limit such as p95: 250ms");
        }
        if (maxErrorPercent != null && (!Double.isFinite(maxErrorPercent) || maxErrorPercent < 0
                || maxErrorPercent > 100)) {
            throw ProfileException.inField("slo.maxErrorRate", "must be a percentage in [0, 100], but was "
                    + maxErrorPercent, "write e.g. maxErrorRate: 1%");
        }
    }

    public Optional<Duration> p95() {
        return Optional.ofNullable(p95Latency);
    }

    public Optional<Double> maxErrors() {
        return Optional.ofNullable(maxErrorPercent);
    }

    /** This objective with the limits {@code override} sets replacing this one's. */
    public Slo overriddenBy(Slo override) {
        return new Slo(override.p95Latency != null ? override.p95Latency : p95Latency,
                override.maxErrorPercent != null ? override.maxErrorPercent : maxErrorPercent);
    }
}
