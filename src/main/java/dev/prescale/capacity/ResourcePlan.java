package dev.prescale.capacity;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How many instances of a type a peak needs, resource by resource, and which resource binds (the one that needs the
 * most instances, i.e. hits its target first), with what the fleet costs an hour. A pure decision over a
 * {@link SignatureModel} fitted on instances of type {@code measuredOn}: on another type processor load scales by
 * the ratio of vCPUs, memory and network by the type's own limits.
 *
 * @param needed    instances each resource needs to stay at its target
 * @param binding   the resource that needs the most
 * @param instances instances to run: the binding resource's count
 */
public record ResourcePlan(InstanceType type, Map<Resource, Integer> needed, Resource binding, int instances,
                           double costPerHour) {

    /** How full each resource may run: a fraction of the CPU, of the memory, of the network bandwidth. */
    public record Targets(double cpu, double memory, double network) {
        public Targets {
            if (!(cpu > 0 && cpu <= 1) || !(memory > 0 && memory <= 1) || !(network > 0 && network <= 1)) {
                throw new IllegalArgumentException("resource targets are fractions in (0, 1], but were cpu " + cpu
                        + ", memory " + memory + ", network " + network);
            }
        }
    }

    /** Instances a resource cannot be kept under target with at any count (an idle instance already exceeds it). */
    public static final int IMPOSSIBLE = Integer.MAX_VALUE;

    public ResourcePlan {
        needed = Map.copyOf(needed);
    }

    /**
     * The plan for a peak of {@code peakRps} per endpoint on instances of {@code type}.
     *
     * @param measuredOn the type the model was rehearsed on
     */
    public static ResourcePlan of(SignatureModel model, Map<String, Double> peakRps, Targets targets,
                                  InstanceType measuredOn, InstanceType type) {
        Map<Resource, Integer> needed = new EnumMap<>(Resource.class);
        double cpuLoad = model.cpuLoad(peakRps) * measuredOn.vcpu() / type.vcpu();
        needed.put(Resource.CPU, count(model.cpu().slope() * cpuLoad, targets.cpu() - model.cpu().intercept()));
        if (model.memory() != null) {
            double limitMb = targets.memory() * type.memoryGb() * 1024;
            needed.put(Resource.MEMORY, count(model.memory().slope() * model.memoryLoad(peakRps),
                    limitMb - model.memory().intercept()));
        }
        needed.put(Resource.NETWORK, count(model.networkBytesPerSecond(peakRps) * 8,
                targets.network() * type.networkGbps() * 1e9));
        Resource binding = needed.entrySet().stream().max(Map.Entry.<Resource, Integer>comparingByValue()
                .thenComparing(e -> -e.getKey().ordinal())).orElseThrow().getKey();
        int instances = needed.get(binding);
        double cost = instances == IMPOSSIBLE ? Double.POSITIVE_INFINITY : instances * type.pricePerHour();
        return new ResourcePlan(type, needed, binding, instances, cost);
    }

    /** The cheapest plan over {@code types} (ties: fewer instances, then the name). */
    public static ResourcePlan cheapest(SignatureModel model, Map<String, Double> peakRps, Targets targets,
                                        InstanceType measuredOn, List<InstanceType> types) {
        return types.stream().map(t -> of(model, peakRps, targets, measuredOn, t))
                .min(Comparator.comparingDouble(ResourcePlan::costPerHour).thenComparingInt(ResourcePlan::instances)
                        .thenComparing(p -> p.type().name())).orElseThrow(() -> new IllegalArgumentException(
                        "no instance types to choose from; set capacity.instancetypes"));
    }

    /** E.g. {@code 7 x m5.large, $0.672/h; binding CPU (CPU 7, MEMORY 3, NETWORK 1)}. */
    public String describe() {
        return String.format(Locale.ROOT, "%s x %s, $%.3f/h; binding %s (%s)", instances == IMPOSSIBLE ? "no count of"
                        : String.valueOf(instances), type.name(), costPerHour, binding,
                needed.entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + " " + (e.getValue() == IMPOSSIBLE ? "impossible" : e.getValue()))
                        .collect(Collectors.joining(", ")));
    }

    /** Fewest instances n with {@code demand / n <= room}; at least one; {@link #IMPOSSIBLE} without room. */
    private static int count(double demand, double room) {
        if (!(room > 0)) {
            return IMPOSSIBLE;
        }
        return (int) Math.max(1, Math.ceil(demand / room - 1e-9));
    }
}
