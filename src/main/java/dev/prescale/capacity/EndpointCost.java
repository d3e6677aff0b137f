package dev.prescale.capacity;

import dev.prescale.store.Point;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one request of an endpoint costs, learned from its load signatures (measurement {@code load_signature}):
 * processor time and memory the service reported through {@code Server-Timing}, and response bytes.
 *
 * @param cpuMsPerRequest mean reported processor milliseconds per request that reported any (0 when none did)
 * @param memMbPerRequest mean memory a request held while served, in MB
 * @param bytesPerRequest mean response bytes
 * @param requests        requests the means are over
 */
public record EndpointCost(String endpoint, double cpuMsPerRequest, double memMbPerRequest, double bytesPerRequest,
                           long requests) {

    /**
     * Per endpoint, over every given {@code load_signature} point (any source). Points without a count are skipped.
     */
    public static Map<String, EndpointCost> from(Collection<Point> signatures) {
        Map<String, double[]> sums = new HashMap<>(); // count, reported, cpu ms, mem MB, bytes
        for (Point p : signatures) {
            String endpoint = p.tags().get("endpoint");
            Double count = p.number("count");
            if (endpoint == null || count == null || count <= 0) {
                continue;
            }
            double[] s = sums.computeIfAbsent(endpoint, k -> new double[5]);
            s[0] += count;
            s[1] += orZero(p.number("cost_reported"));
            s[2] += orZero(p.number("cpu_ms"));
            s[3] += orZero(p.number("mem_mb"));
            s[4] += orZero(p.number("bytes_sum"));
        }
        Map<String, EndpointCost> costs = new TreeMap<>();
        sums.forEach((e, s) -> costs.put(e, new EndpointCost(e, s[1] > 0 ? s[2] / s[1] : 0,
                s[1] > 0 ? s[3] / s[1] : 0, s[4] / s[0], (long) s[0])));
        return costs;
    }

    /**
     * Each endpoint's complexity: its processor time per request over the mean request's (1 = an average request,
     * weighted by how often each endpoint is asked for). Empty when no endpoint reported processor time.
     */
    public static Map<String, Double> complexity(Map<String, EndpointCost> costs) {
        double requests = costs.values().stream().mapToDouble(EndpointCost::requests).sum();
        double mean = costs.values().stream().mapToDouble(c -> c.cpuMsPerRequest() * c.requests()).sum() / requests;
        Map<String, Double> scores = new TreeMap<>();
        if (mean > 0) {
            costs.forEach((e, c) -> scores.put(e, c.cpuMsPerRequest() / mean));
        }
        return scores;
    }

    /** The {@code endpoint_cost} points of SCHEMA.md for a set of costs learned at {@code time} from {@code origin}. */
    public static List<Point> points(Map<String, EndpointCost> costs, String origin, java.time.Instant time) {
        Map<String, Double> scores = complexity(costs);
        return costs.values().stream().map(c -> Point.of("endpoint_cost", time).tag("origin", origin)
                .tag("endpoint", c.endpoint()).field("cpu_ms_per_request", c.cpuMsPerRequest())
                .field("mem_mb_per_request", c.memMbPerRequest()).field("bytes_per_request", c.bytesPerRequest())
                .field("requests", c.requests()).field("complexity", scores.get(c.endpoint())).build()).toList();
    }

    private static double orZero(Double v) {
        return v == null || !Double.isFinite(v) ? 0 : v;
    }
}
