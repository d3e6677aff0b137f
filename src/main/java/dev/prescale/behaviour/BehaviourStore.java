package dev.prescale.behaviour;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prescale.profile.RateTrace;
import dev.prescale.profile.ReplayPattern;
import dev.prescale.profile.TraceFolders;
import dev.prescale.store.Point;
import dev.prescale.store.ProfileStore;
import dev.prescale.store.TimeSeriesStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Behaviour profiles in the store: one {@code behaviour_profile} point per group at the end of the hours watched,
 * tagged with the profile's name and the group (SCHEMA.md), its parts as JSON fields (each well under InfluxDB's 64 kB
 * string limit) beside figures a dashboard can plot, the group's calibrated surge model, and the profile's learned
 * clusters (the same on every point; absent in profiles stored before clusters existed).
 */
public final class BehaviourStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A stored profile and its groups' surge models. */
    public record Stored(BehaviourProfile profile, Map<String, SurgeModel> surge) {
    }

    private BehaviourStore() {
    }

    public static List<Point> points(BehaviourProfile profile, Map<String, SurgeModel> surge) {
        List<Point> points = new ArrayList<>();
        Map<String, Double> shares = profile.shares();
        profile.groups().forEach((group, g) -> {
            SurgeModel model = surge.getOrDefault(profile.clusters().parentOf(group), SurgeModel.PRIOR);
            points.add(Point.of("behaviour_profile", profile.to()).tag("name", profile.name()).tag("group", group)
                    .field("from", profile.from().toString())
                    .field("share", shares.getOrDefault(group, 0.0))
                    .field("requests_per_hour", g.rates().meanRequestsPerHour())
                    .field("mean_session_length", g.shape().meanLength())
                    .field("rates", json(g.rates())).field("shape", json(g.shape())).field("chain", json(g.chain()))
                    .field("correlation", json(profile.correlation().getOrDefault(group, Map.of())))
                    .field("clusters", json(profile.clusters()))
                    .field("surge_model", json(model.coefficients()))
                    .field("surge_calibrated_on", model.calibratedOn()).build());
        });
        return points;
    }

    /**
     * Writes the profile's points, and its expected requests for each hour of the week after the hours it watched as
     * the history series {@link ReplayPattern#behaviourSeries} (what a load profile's {@code behaviour} pattern plays).
     */
    public static void save(TimeSeriesStore store, BehaviourProfile profile, Map<String, SurgeModel> surge) {
        store.write(points(profile, surge));
        RateTrace week = expectedWeek(profile);
        new ProfileStore(store, TraceFolders.configuredOnly()).saveHistory(ReplayPattern.behaviourSeries(
                profile.name()), "behaviour:" + profile.name(), week, week.start(), week.end());
    }

    /** All groups' expected requests hour by hour over the 168 hours from the end of the hours {@code p} watched. */
    public static RateTrace expectedWeek(BehaviourProfile p) {
        double[] counts = new double[168];
        for (int h = 0; h < counts.length; h++) {
            Instant hour = p.to().plusSeconds(3600L * h);
            counts[h] = p.groups().keySet().stream().mapToDouble(g -> p.expectedRequests(g, hour)).sum();
        }
        return RateTrace.of(p.to(), 3600, counts);
    }

    /** The newest profile stored under {@code name}, or empty. */
    public static Optional<Stored> load(TimeSeriesStore store, String name) {
        List<Point> all = store.read("behaviour_profile", Map.of("name", name), Instant.EPOCH,
                Instant.parse("2262-01-01T00:00:00Z"));
        Optional<Instant> newest = all.stream().map(Point::time).max(Comparator.naturalOrder());
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        Map<String, GroupProfile> groups = new TreeMap<>();
        Map<String, Map<String, Double>> correlation = new TreeMap<>();
        Map<String, SurgeModel> surge = new TreeMap<>();
        Instant from = newest.get();
        SessionClusters clusters = SessionClusters.NONE;
        for (Point p : all) {
            if (!p.time().equals(newest.get())) {
                continue;
            }
            String group = p.tags().get("group");
            try {
                groups.put(group, new GroupProfile(group, JSON.readValue(p.text("rates"), GroupProfile.Rates.class),
                        JSON.readValue(p.text("shape"), GroupProfile.Shape.class),
                        JSON.readValue(p.text("chain"), MarkovChain.class)));
                correlation.put(group, JSON.readValue(p.text("correlation"), new TypeReference<Map<String, Double>>() {
                }));
                if (p.text("clusters") != null) {
                    clusters = JSON.readValue(p.text("clusters"), SessionClusters.class);
                }
                // a split group's clusters share its model, which the watch looks up by the group
                surge.put(clusters.parentOf(group), new SurgeModel(JSON.readValue(p.text("surge_model"),
                        double[].class), p.text("surge_calibrated_on")));
            } catch (JsonProcessingException | RuntimeException e) {
                throw new IllegalStateException("behaviour profile " + name + ", group " + group + " in the store "
                        + "cannot be read (" + e.getMessage() + "); fit it again with prescale behaviour fit", e);
            }
            String f = p.text("from");
            if (f != null && Instant.parse(f).isBefore(from)) {
                from = Instant.parse(f);
            }
        }
        return Optional.of(new Stored(new BehaviourProfile(name, from, newest.get(), groups, correlation, clusters),
                surge));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a behaviour profile part as JSON: " + e.getMessage(), e);
        }
    }
}
