package dev.prescale.capacity;

import dev.prescale.forecast.ForecastException;

import java.util.List;
import java.util.Map;

/**
 * Resource demand from what the requests cost rather than from how many there are (seed 004). A request-count model
 * ({@link CapacityModel} on requests per second) is right only while the mix stays as rehearsed: a minute of
 * checkouts costs several times a minute of browsing at the same rate. This model weighs each endpoint's rate by its
 * reported cost ({@link EndpointCost}) and fits, per resource, a robust line from that weighted load per instance to
 * what an instance used:
 * <ul>
 *     <li>CPU: utilization against processor-seconds per second per instance ({@code sum rps x cpu ms / 1000});</li>
 *     <li>memory: MB per instance against MB held per instance, by Little's law {@code sum rps x MB x service time}
 *     (the fitted slope absorbs queueing, the intercept is what an idle instance uses);</li>
 *     <li>network: response bytes per second, summed directly (nothing to fit).</li>
 * </ul>
 * An endpoint of a predicted mix that was never rehearsed is costed at the mean rehearsed request's cost.
 *
 * @param costs  per endpoint
 * @param cpu    utilization against processor load (its "requests per second" are processor-seconds per second)
 * @param memory MB per instance against memory load, or null when the rehearsal reported no memory
 */
public record SignatureModel(Map<String, EndpointCost> costs, CapacityModel cpu, CapacityModel memory) {

    public SignatureModel {
        costs = Map.copyOf(costs);
    }

    /**
     * @throws ForecastException when the endpoints reported no processor time (the service sends no
     *                           {@code Server-Timing}) or the samples do not span two load levels
     */
    public static SignatureModel fit(Map<String, EndpointCost> costs, List<SignatureSample> samples) {
        if (costs.values().stream().noneMatch(c -> c.cpuMsPerRequest() > 0)) {
            throw new ForecastException("no endpoint reported what its requests cost",
                    "have the service send Server-Timing (e.g. 'cpu;dur=12.5') or use the request-count model");
        }
        SignatureModel bare = new SignatureModel(costs, null, null);
        CapacityModel cpu = CapacityModel.fit(samples.stream().map(s -> new LoadSample(bare.cpuLoad(s.rps()),
                s.instances(), s.cpu(), Double.NaN)).toList());
        CapacityModel memory = null;
        List<SignatureSample> withMemory = samples.stream().filter(s -> s.memoryMb() > 0).toList();
        if (withMemory.size() >= 2 && bare.memoryLoad(withMemory.get(0).rps()) > 0) {
            try {
                memory = CapacityModel.fit(withMemory.stream().map(s -> new LoadSample(bare.memoryLoad(s.rps()),
                        s.instances(), s.memoryMb() / s.instances(), Double.NaN)).toList());
            } catch (ForecastException e) {
                memory = null; // memory did not move with load: it cannot bind
            }
        }
        return new SignatureModel(costs, cpu, memory);
    }

    /**
     * The model from costs alone, for a service whose utilization was not measured (an access log with
     * {@code Server-Timing}, or a rehearsal too short to fit): utilization is processor-seconds per second over the
     * instance's {@code vcpu} cores, with nothing for an idle instance; memory is not modelled.
     */
    public static SignatureModel fromCosts(Map<String, EndpointCost> costs, double vcpu) {
        if (costs.values().stream().noneMatch(c -> c.cpuMsPerRequest() > 0)) {
            throw new ForecastException("no endpoint reported what its requests cost",
                    "have the service send Server-Timing (e.g. 'cpu;dur=12.5') or use the request-count model");
        }
        return new SignatureModel(costs, new CapacityModel(0, 1 / vcpu, 0), null);
    }

    /** Processor-seconds per second the requests need. */
    public double cpuLoad(Map<String, Double> rps) {
        return weighted(rps, c -> c.cpuMsPerRequest() / 1000);
    }

    /** MB held at once by requests in service (rate x memory x service time). */
    public double memoryLoad(Map<String, Double> rps) {
        return weighted(rps, c -> c.memMbPerRequest() * c.cpuMsPerRequest() / 1000);
    }

    /** Response bytes per second. */
    public double networkBytesPerSecond(Map<String, Double> rps) {
        return weighted(rps, EndpointCost::bytesPerRequest);
    }

    /** Expected utilization of an instance for {@code rps} per endpoint over {@code instances}. */
    public double utilizationAt(Map<String, Double> rps, int instances) {
        return cpu.utilizationAt(cpuLoad(rps), instances);
    }

    /** Expected MB one instance uses, or NaN without a memory fit. */
    public double memoryMbAt(Map<String, Double> rps, int instances) {
        return memory == null ? Double.NaN : memory.utilizationAt(memoryLoad(rps), instances);
    }

    private double weighted(Map<String, Double> rps, java.util.function.ToDoubleFunction<EndpointCost> per) {
        double requests = costs.values().stream().mapToDouble(EndpointCost::requests).sum();
        double mean = costs.values().stream().mapToDouble(c -> per.applyAsDouble(c) * c.requests()).sum()
                / Math.max(1, requests);
        double total = 0;
        for (Map.Entry<String, Double> e : rps.entrySet()) {
            EndpointCost c = costs.get(e.getKey());
            total += e.getValue() * (c == null ? mean : per.applyAsDouble(c));
        }
        return total;
    }
}
