package dev.prescale.learn;

import dev.prescale.config.Config;
import dev.prescale.config.Key;

import java.util.List;
import java.util.Map;

/**
 * How the learned allocation policy is rewarded and trained. Costs are in instance-hours, the unit every replay pays
 * in, so one figure adds them up: a violation-minute costing 5 is as bad as half an hour of a ten-instance fleet.
 *
 * @param violationCost instance-hours one violation-minute costs
 * @param changeCost    instance-hours one capacity change costs (churn, cold caches, API calls)
 * @param epochs        passes over the training traces
 * @param faultsPerDay  simulated crash and slowdown issues per day of training traffic
 * @param seed          of exploration and of the simulated issues
 */
public record LearnSettings(double violationCost, double changeCost, int epochs, double faultsPerDay, long seed) {

    /** Where the learned policy is kept when {@code learn.model} is not set. */
    public static final String DEFAULT_MODEL = "prescale-policy.json";

    public static final List<Key> KEYS = List.of(
            Key.of("learn.violationcost", "10", "5", "instance-hours one SLO violation-minute costs in the reward"),
            Key.of("learn.changecost", "0.1", "0.05", "instance-hours one capacity change costs in the reward"),
            Key.of("learn.epochs", "5", "3", "passes over the training traces"),
            Key.of("learn.faultsperday", "4", "2", "simulated crash and slowdown issues per day while training"),
            Key.of("learn.seed", "7", "1", "seed of exploration and simulated issues"),
            Key.of("learn.model", "models/policy.json", DEFAULT_MODEL, "where prescale learn saves the learned "
                    + "policy and replay --policy learned reads it"));

    public static final LearnSettings DEFAULTS = new LearnSettings(5, 0.05, 3, 2, 1);

    public LearnSettings {
        if (!(violationCost >= 0) || !(changeCost >= 0) || !Double.isFinite(violationCost + changeCost)) {
            throw new IllegalArgumentException("learn.violationcost and learn.changecost must be finite and not "
                    + "negative, but were " + violationCost + " and " + changeCost);
        }
        if (epochs < 1 || epochs > 100) {
            throw new IllegalArgumentException("learn.epochs=" + epochs + " must be 1 to 100");
        }
        if (!(faultsPerDay >= 0 && faultsPerDay <= 100)) {
            throw new IllegalArgumentException("learn.faultsperday=" + faultsPerDay + " must be 0 to 100");
        }
    }

    /**
     * @param properties {@code prescale.*} keys, any case
     * @throws IllegalArgumentException naming the key and the fix
     */
    public static LearnSettings from(Map<String, String> properties) {
        Map<String, String> p = Config.caseInsensitive(properties);
        return new LearnSettings(number(p, "learn.violationcost", DEFAULTS.violationCost()),
                number(p, "learn.changecost", DEFAULTS.changeCost()),
                (int) whole(p, "learn.epochs", DEFAULTS.epochs()),
                number(p, "learn.faultsperday", DEFAULTS.faultsPerDay()),
                whole(p, "learn.seed", DEFAULTS.seed()));
    }

    /** The file {@code learn.model} names, or {@link #DEFAULT_MODEL}. */
    public static java.nio.file.Path modelFile(Map<String, String> properties) {
        String v = Config.caseInsensitive(properties).get("prescale.learn.model");
        return java.nio.file.Path.of(v == null || v.isBlank() ? DEFAULT_MODEL : v.strip());
    }

    /** The cost of a replay's outcome in instance-hours: what the suite compares policies by. */
    public double combinedCost(double instanceHours, int violationMinutes) {
        return instanceHours + violationCost * violationMinutes;
    }

    private static double number(Map<String, String> p, String key, double fallback) {
        String v = p.get("prescale." + key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + v + " is not a number; write e.g. " + fallback, e);
        }
    }

    private static long whole(Map<String, String> p, String key, long fallback) {
        String v = p.get("prescale." + key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + v + " is not a whole number; write e.g. " + fallback, e);
        }
    }
}
