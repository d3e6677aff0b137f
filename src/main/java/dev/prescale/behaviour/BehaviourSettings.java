package dev.prescale.behaviour;

import dev.prescale.config.Config;
import dev.prescale.config.Key;
import dev.prescale.profile.Durations;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How behaviour profiles are learned and watched.
 *
 * @param gap      inactivity that ends a session
 * @param grouping rules that put users in groups (before the source classes)
 * @param blend    weight of newly fitted behaviour when a stored profile is updated, 0..1
 * @param profile  the stored profile the controller watches for surges, or null for none
 * @param origin   the {@code load_signature} origin that carries live traffic, or null for any
 * @param clusters learned clusters of sessions each group is split into at most (0: none)
 */
public record BehaviourSettings(Duration gap, Grouping grouping, double blend, String profile, String origin,
                                int clusters) {

    public static final List<Key> KEYS = List.of(
            Key.of("behaviour.gap", "20m", "30m", "inactivity that ends a user's session"),
            Key.of("behaviour.groups", "monitors:(?i)pingdom|uptime", "the source classes",
                    "user groups by user agent, name:regex, before crawler/feed-reader/api-client/mobile/desktop"),
            Key.of("behaviour.blend", "0.5", "0.3", "weight of new behaviour when a stored profile is updated"),
            Key.of("behaviour.profile", "storefront", "none: no surge watch",
                    "the behaviour profile the controller watches for surges"),
            Key.of("behaviour.origin", "log:live.log", "any", "the load_signature origin with live traffic"),
            Key.of("behaviour.clusters", "3", "0", "split each group into up to N clusters of sessions that behave "
                    + "alike (k-means++ on length, think time, assets, errors, revisits)"));

    /**
     * @param properties {@code prescale.*} keys, any case
     * @throws IllegalArgumentException naming the key and the fix
     */
    public static BehaviourSettings from(Map<String, String> properties) {
        Map<String, String> p = Config.caseInsensitive(properties);
        Duration gap = Durations.parse(p.getOrDefault("prescale.behaviour.gap", "30m"));
        if (gap.isZero() || gap.isNegative()) {
            throw new IllegalArgumentException("behaviour.gap=" + gap + " must be positive; write e.g. 30m");
        }
        String blendText = p.getOrDefault("prescale.behaviour.blend", "0.3").strip();
        double blend;
        try {
            blend = Double.parseDouble(blendText);
        } catch (NumberFormatException e) {
            blend = Double.NaN;
        }
        if (!(blend >= 0 && blend <= 1)) {
            throw new IllegalArgumentException("behaviour.blend=" + blendText + " is not a weight in [0, 1]; write "
                    + "e.g. 0.3");
        }
        String clustersText = p.getOrDefault("prescale.behaviour.clusters", "0").strip();
        int clusters;
        try {
            clusters = Integer.parseInt(clustersText);
        } catch (NumberFormatException e) {
            clusters = -1;
        }
        if (clusters < 0 || clusters > 12) {
            throw new IllegalArgumentException("behaviour.clusters=" + clustersText + " is not a count from 0 (no "
                    + "learned clusters) to 12; write e.g. 3");
        }
        return new BehaviourSettings(gap, Grouping.parse(p.get("prescale.behaviour.groups")), blend,
                blank(p.get("prescale.behaviour.profile")), blank(p.get("prescale.behaviour.origin")), clusters);
    }

    private static String blank(String v) {
        return v == null || v.isBlank() ? null : v.strip();
    }
}
