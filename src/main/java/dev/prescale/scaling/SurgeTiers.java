package dev.prescale.scaling;

import dev.prescale.profile.Priority;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Tiered surge allocation (seed 003): extra capacity on top of what the forecast needs, by the probability that a
 * surge comes, and by how much the affected service matters. With the defaults, a probability above 0.7 allocates
 * 1.5x, above 0.3 1.2x, otherwise 1.0x; a critical service gets the whole extra, a business one the whole extra, a
 * background one none.
 *
 * @param tiers         probability thresholds and their multipliers; the highest threshold exceeded wins
 * @param priorityShare share of the tier's extra (multiplier - 1) each priority receives, 0..1
 */
public record SurgeTiers(List<Tier> tiers, Map<Priority, Double> priorityShare) {

    /** Above {@code probability}, allocate {@code multiplier} times the forecast's need. */
    public record Tier(double probability, double multiplier) {
        public Tier {
            if (!(probability >= 0 && probability < 1) || !(multiplier >= 1 && multiplier <= 10)) {
                throw new IllegalArgumentException("a surge tier needs a probability threshold in [0, 1) and a "
                        + "multiplier in [1, 10], but had " + probability + " and " + multiplier);
            }
        }
    }

    public static final SurgeTiers DEFAULTS = new SurgeTiers(List.of(new Tier(0.7, 1.5), new Tier(0.3, 1.2)),
            Map.of(Priority.CRITICAL, 1.0, Priority.BUSINESS, 1.0, Priority.BACKGROUND, 0.0));

    public SurgeTiers {
        tiers = tiers.stream().sorted(Comparator.comparingDouble(Tier::probability).reversed()).toList();
        priorityShare = Map.copyOf(priorityShare);
        for (var e : priorityShare.entrySet()) {
            if (!(e.getValue() >= 0 && e.getValue() <= 1)) {
                throw new IllegalArgumentException("the surge share of priority " + e.getKey() + " must be 0..1, but "
                        + "was " + e.getValue());
            }
        }
    }

    /**
     * The multiplier for a surge of {@code probability} hitting a service of {@code priority}. A probability that is
     * not a number in [0, 1] counts as no known surge (1.0).
     */
    public double multiplier(double probability, Priority priority) {
        if (!(probability >= 0 && probability <= 1)) {
            return 1;
        }
        double share = priorityShare.getOrDefault(priority, 0.0);
        for (Tier tier : tiers) {
            if (probability > tier.probability()) {
                return 1 + (tier.multiplier() - 1) * share;
            }
        }
        return 1;
    }
}
