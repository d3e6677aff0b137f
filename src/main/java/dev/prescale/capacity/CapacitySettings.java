package dev.prescale.capacity;

import dev.prescale.config.Config;
import dev.prescale.config.Key;
import dev.prescale.profile.Shares;

import java.util.List;
import java.util.Map;

/**
 * What resource plans are priced and sized by: the instance types to choose from, the one rehearsals ran on, and how
 * full memory and network may run (processor's target is the loop's {@code scaling.target}).
 */
public record CapacitySettings(List<InstanceType> types, InstanceType measuredOn, double memoryTarget,
                               double networkTarget) {

    /** The embedded shadow's instance, priced like a small cloud instance: 4 cores, 512 MB, 1 Gbps. */
    public static final String SHADOW_TYPE = "shadow:0.1:4:0.5:1";

    public static final List<Key> KEYS = List.of(
            Key.of("capacity.instancetypes", "m5.large:0.096:2:8:10, c5.large:0.085:2:4:10", SHADOW_TYPE,
                    "instance types to size and price fleets by: name:pricePerHour:vcpu:memoryGiB:networkGbps"),
            Key.of("capacity.instancetype", "m5.large", "the first type listed",
                    "the type the rehearsed service runs on (costs are measured on it)"),
            Key.of("capacity.memorytarget", "0.75", "0.8", "share of an instance's memory it may use"),
            Key.of("capacity.networktarget", "0.6", "0.7", "share of an instance's bandwidth it may use"));

    public CapacitySettings {
        types = List.copyOf(types);
        new ResourcePlan.Targets(0.5, memoryTarget, networkTarget); // refuses targets outside (0, 1]
    }

    /**
     * @param properties {@code prescale.*} keys, any case
     * @throws IllegalArgumentException naming the key and the fix
     */
    public static CapacitySettings from(Map<String, String> properties) {
        Map<String, String> p = Config.caseInsensitive(properties);
        List<InstanceType> types = InstanceType.parseAll(p.getOrDefault("prescale.capacity.instancetypes",
                SHADOW_TYPE));
        String measured = p.get("prescale.capacity.instancetype");
        InstanceType on = measured == null || measured.isBlank() ? types.get(0) : types.stream()
                .filter(t -> t.name().equals(measured.strip())).findFirst().orElseThrow(() ->
                        new IllegalArgumentException("capacity.instancetype=" + measured + " is not among "
                                + "capacity.instancetypes (" + types.stream().map(InstanceType::name).toList()
                                + "); list it there with its price and size"));
        return new CapacitySettings(types, on, fraction(p, "capacity.memorytarget", "0.8"),
                fraction(p, "capacity.networktarget", "0.7"));
    }

    /** The targets with the processor's from the loop's {@code scaling.target}. */
    public ResourcePlan.Targets targets(double cpuTarget) {
        return new ResourcePlan.Targets(cpuTarget, memoryTarget, networkTarget);
    }

    private static double fraction(Map<String, String> p, String key, String fallback) {
        String v = p.getOrDefault("prescale." + key, fallback).strip();
        try {
            double d = Shares.share(v);
            if (d > 0 && d <= 1) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // named below
        }
        throw new IllegalArgumentException(key + "=" + v + " is not a share in (0, 1]; write e.g. 0.8 or 80%");
    }
}
