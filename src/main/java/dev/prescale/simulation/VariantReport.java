package dev.prescale.simulation;

import dev.prescale.capacity.CapacitySettings;
import dev.prescale.capacity.EndpointCost;
import dev.prescale.capacity.RehearsalResults;
import dev.prescale.capacity.ResourcePlan;
import dev.prescale.capacity.SignatureModel;
import dev.prescale.config.Config;
import dev.prescale.forecast.ForecastException;
import dev.prescale.profile.Shares;
import dev.prescale.signature.Endpoints;
import dev.prescale.store.Point;
import dev.prescale.store.TimeSeriesStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an A/B rehearsal found, variant by variant: each judged on its own requests ({@code tier_summary} of its tier)
 * against the objective, and the fleet it would need if all the rehearsed peak behaved like it, from what its mix's
 * requests cost (the run's load signatures; the binding resource named). Written as {@code variant_summary}.
 */
public final class VariantReport {

    private VariantReport() {
    }

    /**
     * @param peakRps    the rehearsal's peak, requests per second
     * @param properties the run's settings ({@code capacity.*}, {@code scaling.target})
     */
    public static String after(TimeSeriesStore store, String runId, Variants variants, double peakRps,
                               Map<String, String> properties) {
        Instant end = Instant.parse("2262-01-01T00:00:00Z");
        Map<String, Point> tiers = new HashMap<>();
        store.read("tier_summary", Map.of("run_id", runId), Instant.EPOCH, end)
                .forEach(p -> tiers.merge(p.tags().get("tier"), p, (a, b) -> a.time().isAfter(b.time()) ? a : b));
        CapacitySettings capacity = CapacitySettings.from(properties);
        double cpuTarget = Shares.share(Config.caseInsensitive(properties).getOrDefault("prescale.scaling.target",
                "0.7"));
        SignatureModel model = model(store, runId, capacity);
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "A/B rehearsal %s at a peak of %.1f req/s:%n"
                        + "%-10s %6s %9s %7s %8s %6s  %s%n", runId, peakRps, "variant", "share", "requests", "errors",
                "p95 ms", "SLO", "fleet for the whole peak"));
        List<Point> points = new ArrayList<>();
        for (Variants.Variant v : variants.variants()) {
            Point t = tiers.get(v.tier());
            double requests = t == null ? 0 : t.number("requests");
            double errors = t == null ? 0 : t.number("errors");
            Double p95 = t == null ? null : t.number("p95_ms");
            Double breaches = t == null ? null : t.number("slo_breaches");
            ResourcePlan plan = model == null ? null : ResourcePlan.of(model, peak(v, peakRps), capacity.targets(
                    cpuTarget), capacity.measuredOn(), capacity.measuredOn());
            text.append(String.format(Locale.ROOT, "%-10s %5.0f%% %9.0f %7.0f %8s %6s  %s%n", v.name(),
                    100 * variants.share(v), requests, errors, p95 == null ? "-" : String.format(Locale.ROOT, "%.0f",
                            p95), breaches == null ? "-" : breaches == 0 ? "pass" : "FAIL",
                    plan == null ? "unknown (no cost reported)" : plan.describe()));
            Point.Builder p = Point.of("variant_summary", Instant.now()).tag("run_id", runId).tag("variant", v.name())
                    .field("share", variants.share(v)).field("requests", (long) requests).field("errors", (long) errors)
                    .field("p95_ms", p95).field("slo_breaches", breaches == null ? null : breaches.longValue());
            if (plan != null) {
                p.field("instances_at_peak", (long) plan.instances()).field("binding", plan.binding().name()
                        .toLowerCase(Locale.ROOT)).field("cost_per_hour", plan.costPerHour());
            }
            points.add(p.build());
        }
        store.write(points);
        return text.toString();
    }

    /** {@code v}'s mix at the whole peak, per endpoint template. */
    static Map<String, Double> peak(Variants.Variant v, double peakRps) {
        double total = v.mix().requests().stream().mapToDouble(RequestMix.Request::weight).sum();
        Map<String, Double> rps = new HashMap<>();
        v.mix().requests().forEach(r -> rps.merge(Endpoints.of(r.method(), r.path()), peakRps * r.weight() / total,
                Double::sum));
        return rps;
    }

    private static SignatureModel model(TimeSeriesStore store, String runId, CapacitySettings capacity) {
        Map<String, EndpointCost> costs = EndpointCost.from(store.read("load_signature", Map.of("origin",
                "run:" + runId), Instant.EPOCH, Instant.parse("2262-01-01T00:00:00Z")));
        if (costs.values().stream().noneMatch(c -> c.cpuMsPerRequest() > 0)) {
            return null;
        }
        try {
            return SignatureModel.fit(costs, RehearsalResults.signatureSamples(store, runId, 5, 5));
        } catch (ForecastException e) {
            return SignatureModel.fromCosts(costs, capacity.measuredOn().vcpu());
        }
    }
}
