package dev.prescale.anomaly;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The detectors as NAB scores them, by name: each raw detector turned into a likelihood by {@link Rarity} (three days
 * of memory) and into one report per onset by {@link Onset} (12 hours refractory), with the same settings on every
 * file. Those two settings were chosen on NAB's own files (see README, Anomaly detection), so scores with them are
 * in-sample for those two numbers. The ensemble's members (the jump and the new extreme joined the first three) and its
 * Fisher combination were chosen on alternate NAB files by name and scored on the others: 59.5 standard there.
 */
public final class NabDetectors {

    public static final Duration RARITY_MEMORY = Duration.ofDays(3);
    public static final Duration REFRACTORY = Duration.ofHours(12);
    /** How far back a new extreme looks: a month. */
    public static final Duration EXTREME_MEMORY = Duration.ofDays(30);

    private static final Map<String, Supplier<AnomalyDetector>> ALL = new LinkedHashMap<>();

    static {
        ALL.put("seasonal-residual", () -> pipeline(new SeasonalResidual(SeasonalResidual.Settings.DEFAULTS)));
        ALL.put("cusum", () -> pipeline(new Cusum(Cusum.Settings.DEFAULTS)));
        ALL.put("robust-mahalanobis", () -> pipeline(RobustMahalanobis.univariate(Duration.ofDays(1))));
        ALL.put("jump", () -> pipeline(new Jump()));
        ALL.put("new-extreme", () -> pipeline(new Extreme(EXTREME_MEMORY)));
        ALL.put("ensemble", () -> new Onset(new Ensemble(List.of(
                new Rarity(new SeasonalResidual(SeasonalResidual.Settings.DEFAULTS), RARITY_MEMORY),
                new Rarity(new Cusum(Cusum.Settings.DEFAULTS), RARITY_MEMORY),
                new Rarity(RobustMahalanobis.univariate(Duration.ofDays(1)), RARITY_MEMORY),
                new Rarity(new Jump(), RARITY_MEMORY),
                new Rarity(new Extreme(EXTREME_MEMORY), RARITY_MEMORY))), REFRACTORY));
    }

    private NabDetectors() {
    }

    /** A raw detector in the scoring pipeline: its score's rarity, reported once per onset. */
    public static AnomalyDetector pipeline(AnomalyDetector raw) {
        return new Onset(new Rarity(raw, RARITY_MEMORY), REFRACTORY);
    }

    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    /**
     * A factory of fresh, guarded detectors named {@code name}.
     *
     * @throws IllegalArgumentException naming the detectors there are, for an unknown name
     */
    public static Supplier<AnomalyDetector> named(String name) {
        Supplier<AnomalyDetector> make = ALL.get(name);
        if (make == null) {
            throw new IllegalArgumentException("no detector named '" + name + "'; there are " + names());
        }
        return () -> new Guarded(make.get());
    }
}
