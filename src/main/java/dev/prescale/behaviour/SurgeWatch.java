package dev.prescale.behaviour;

import dev.prescale.store.Point;
import dev.prescale.store.TimeSeriesStore;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the controller asks each tick: is a group of users deviating from its profile so that a surge is likely? Reads
 * the last hour's requests per group from {@code load_signature} (its {@code source} tag is the group; a learned
 * cluster's requests count for the group it was split from), compares them
 * with the stored {@link BehaviourProfile}'s expectation for that hour, and answers the most likely surge.
 */
public final class SurgeWatch {

    /** The group most likely to surge, and why. */
    public record Reading(String group, double probability, double observed, double expected, double lift) {

        /** E.g. {@code group mobile-browser sent 412 requests in the last hour, 3.1x the 133 its profile expects}. */
        public String cause() {
            return String.format(Locale.ROOT, "group %s sent %.0f requests in the last hour, %.1fx the %.0f its "
                            + "profile expects%s", group, observed, observed / Math.max(expected, 1e-9), expected,
                    lift > 1 ? String.format(Locale.ROOT, ", calendar lift x%.1f ahead", lift) : "");
        }
    }

    private static final Duration WINDOW = Duration.ofHours(1);

    private final BehaviourProfile profile;
    private final Map<String, SurgeModel> models;
    private final String origin;

    /**
     * @param models per group, calibrated on its history; a group without one uses {@link SurgeModel#PRIOR}
     * @param origin the {@code load_signature} origin that carries live traffic, or null for any
     */
    public SurgeWatch(BehaviourProfile profile, Map<String, SurgeModel> models, String origin) {
        this.profile = profile;
        this.models = Map.copyOf(models);
        this.origin = origin;
    }

    public BehaviourProfile profile() {
        return profile;
    }

    /**
     * The most likely surge among the profile's groups over the hour before {@code now}, with {@code lift} the
     * calendar's expected lift for the coming hour (1 for none); empty when the profile knows no group.
     */
    public Optional<Reading> read(TimeSeriesStore store, Instant now, double lift) {
        return readAll(store, now, lift).stream().max(java.util.Comparator.comparingDouble(Reading::probability));
    }

    /** Every group's reading, by group name. */
    public java.util.List<Reading> readAll(TimeSeriesStore store, Instant now, double lift) {
        Map<String, Double> observed = new HashMap<>();
        for (Point p : store.read("load_signature", origin == null ? Map.of() : Map.of("origin", origin),
                now.minus(WINDOW), now)) {
            Double count = p.number("count");
            String group = p.tags().get("source");
            if (count != null && group != null) {
                observed.merge(profile.clusters().parentOf(group), count, Double::sum);
            }
        }
        java.util.List<Reading> readings = new java.util.ArrayList<>();
        for (String group : profile.sourceGroups()) {
            double expected = expected(group, now.minus(WINDOW), now);
            double seen = observed.getOrDefault(group, 0.0);
            readings.add(new Reading(group, models.getOrDefault(group, SurgeModel.PRIOR).probability(seen, expected,
                    lift), seen, expected, lift));
        }
        return readings;
    }

    /** The {@code surge_probability} points of SCHEMA.md for {@code readings} made at {@code now}. */
    public static java.util.List<Point> points(String profileName, java.util.List<Reading> readings, Instant now) {
        return readings.stream().map(r -> Point.of("surge_probability", now).tag("profile", profileName)
                .tag("group", r.group()).field("probability", r.probability()).field("observed", r.observed())
                .field("expected", r.expected()).field("lift", r.lift()).build()).toList();
    }

    /** The profile's expected requests of {@code group} over [from, to), hour by overlapping hour. */
    double expected(String group, Instant from, Instant to) {
        double total = 0;
        long t = from.getEpochSecond();
        while (t < to.getEpochSecond()) {
            long hour = Math.floorDiv(t, 3600) * 3600;
            long end = Math.min(hour + 3600, to.getEpochSecond());
            total += profile.expectedRequests(group, Instant.ofEpochSecond(hour)) * (end - t) / 3600.0;
            t = end;
        }
        return total;
    }
}
