package dev.prescale.cli;

import dev.prescale.capacity.CapacitySettings;
import dev.prescale.capacity.EndpointCost;
import dev.prescale.capacity.RehearsalResults;
import dev.prescale.capacity.ResourcePlan;
import dev.prescale.capacity.SignatureModel;
import dev.prescale.config.Config;
import dev.prescale.forecast.ForecastException;
import dev.prescale.store.Point;
import dev.prescale.store.TimeSeriesStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Size and price a fleet for a peak from what a rehearsal's requests cost: fits the signature "
                + "model on the run's load_signature and utilization, names the binding resource (CPU, memory or "
                + "network), the instance count and its cost per hour, and the cheapest instance type among "
                + "capacity.instancetypes. Writes endpoint_cost and resource_plan points.")
final class PlanCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--run", required = true, description = "the rehearsal whose signatures and utilization to fit")
    String runId;

    @Option(names = "--peak", required = true,
            description = "requests per second per endpoint at the peak, e.g. \"GET /browse 300, POST /checkout 40\"")
    String peak;

    @Option(names = "--window", defaultValue = "5",
            description = "seconds the target's utilization is measured over (the shadow's: ${DEFAULT-VALUE})")
    int window;

    @Override
    public Integer call() {
        Config c = config.load();
        Map<String, String> properties = c.asProperties();
        CapacitySettings settings = CapacitySettings.from(properties);
        ResourcePlan.Targets targets = settings.targets(c.number("scaling.target", 0.7, 0.01, 1));
        Map<String, Double> peakRps = parsePeak(peak);
        try (TimeSeriesStore store = ConfigOption.requiredStore(properties, "holds no rehearsal to plan from")) {
            Map<String, EndpointCost> costs = EndpointCost.from(store.read("load_signature",
                    Map.of("origin", "run:" + runId), Instant.EPOCH, Instant.now().plus(Duration.ofDays(1))));
            if (costs.isEmpty()) {
                throw new IllegalArgumentException("run " + runId + " has no load_signature points; rehearse with a "
                        + "store (prescale.store=influx or file) so each response's size and Server-Timing are kept");
            }
            SignatureModel model;
            try {
                model = SignatureModel.fit(costs, RehearsalResults.signatureSamples(store, runId, window, window));
            } catch (ForecastException e) {
                model = SignatureModel.fromCosts(costs, settings.measuredOn().vcpu());
                System.out.printf("utilization not fitted (%s); assuming an instance is busy for the processor "
                        + "time its requests report over its %s vCPUs%n", e.getMessage(), settings.measuredOn().vcpu());
            }
            ResourcePlan on = ResourcePlan.of(model, peakRps, targets, settings.measuredOn(), settings.measuredOn());
            ResourcePlan cheapest = ResourcePlan.cheapest(model, peakRps, targets, settings.measuredOn(),
                    settings.types());
            Map<String, Double> complexity = EndpointCost.complexity(costs);
            System.out.printf("what a request costs in run %s:%n", runId);
            costs.values().forEach(e -> System.out.printf(Locale.ROOT,
                    "  %-28s %8.1f ms CPU  %7.1f MB  %9.0f bytes  complexity %.2f  (%d requests)%n", e.endpoint(),
                    e.cpuMsPerRequest(), e.memMbPerRequest(), e.bytesPerRequest(),
                    complexity.getOrDefault(e.endpoint(), Double.NaN), e.requests()));
            System.out.printf(Locale.ROOT, "peak %s: %.2f CPU-seconds/s, %.1f Mbit/s%n", peakRps,
                    model.cpuLoad(peakRps), model.networkBytesPerSecond(peakRps) * 8 / 1e6);
            System.out.println("on " + settings.measuredOn() + ": " + on.describe());
            System.out.println("cheapest: " + cheapest.describe()
                    + (cheapest.type().equals(on.type()) ? "" : String.format(Locale.ROOT,
                    " (recommended: %.0f%% of the cost on %s)", 100 * cheapest.costPerHour() / on.costPerHour(),
                    on.type().name())));
            Instant now = Instant.now();
            store.write(EndpointCost.points(costs, "run:" + runId, now));
            store.write(point(runId, on, cheapest, now));
            if (!store.flush(Duration.ofSeconds(30))) {
                throw new IllegalStateException("the plan is still buffered after 30 s: " + store.stats());
            }
        }
        return 0;
    }

    private static Point point(String runId, ResourcePlan on, ResourcePlan cheapest, Instant now) {
        Point.Builder p = Point.of("resource_plan", now).tag("run_id", runId).tag("instance_type", on.type().name())
                .tag("binding", on.binding().name().toLowerCase(Locale.ROOT))
                .field("instances", (long) on.instances()).field("cost_per_hour", on.costPerHour())
                .field("cheapest_type", cheapest.type().name())
                .field("cheapest_instances", (long) cheapest.instances())
                .field("cheapest_cost_per_hour", cheapest.costPerHour());
        on.needed().forEach((r, n) -> p.field(r.name().toLowerCase(Locale.ROOT) + "_instances", (long) n));
        return p.build();
    }

    /** {@code "GET /browse 300, POST /checkout 40"} as endpoint to requests per second. */
    static Map<String, Double> parsePeak(String text) {
        Map<String, Double> rps = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            String[] f = entry.strip().split("\\s+");
            double rate = Double.NaN;
            try {
                rate = f.length == 3 ? Double.parseDouble(f[2]) : Double.NaN;
            } catch (NumberFormatException ignored) {
                // named below
            }
            if (f.length != 3 || !f[1].startsWith("/") || !(rate >= 0) || !Double.isFinite(rate)) {
                throw new IllegalArgumentException("--peak entry '" + entry.strip() + "' is not 'METHOD /path "
                        + "requests-per-second'; write e.g. --peak \"GET /browse 300, POST /checkout 40\"");
            }
            rps.merge(dev.prescale.signature.Endpoints.of(f[0].toUpperCase(Locale.ROOT), f[1]), rate, Double::sum);
        }
        return rps;
    }
}
