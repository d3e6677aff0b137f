package dev.prescale.behaviour;

import dev.prescale.signature.AccessLog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * User behaviour by group (seed 003), learned from access logs: per group its {@link GroupProfile}, and how the groups'
 * hourly requests move together (Pearson correlation over the hours watched).
 *
 * @param name        what the profile is stored under ({@code storefront})
 * @param from        the first hour watched
 * @param to          the end of the last hour watched
 * @param groups      by group name
 * @param correlation by pair of groups, for each group the others' correlation with it (absent: too few hours)
 * @param clusters    the learned split of rule or source groups into clusters of sessions ({@code groups} then holds
 *                    the clusters), or {@link SessionClusters#NONE}
 */
public record BehaviourProfile(String name, Instant from, Instant to, Map<String, GroupProfile> groups,
                               Map<String, Map<String, Double>> correlation, SessionClusters clusters) {

    /** Resources a group's chain tells apart; the rest are one state. */
    static final int CHAIN_STATES = 12;

    public BehaviourProfile {
        groups = Map.copyOf(groups);
        correlation = Map.copyOf(correlation);
        clusters = clusters == null ? SessionClusters.NONE : clusters;
    }

    /**
     * Learns the profile of the users in {@code entries}: sessions cut at {@code gap}, groups by {@code grouping}, the
     * hours watched from the first entry's hour to the last one's.
     *
     * @throws IllegalArgumentException when there is nothing to learn from
     */
    public static BehaviourProfile fit(String name, List<AccessLog.Entry> entries, Duration gap, Grouping grouping) {
        return fit(name, entries, gap, grouping, 0);
    }

    /**
     * As {@link #fit(String, List, Duration, Grouping)}, with each group of enough sessions split into up to
     * {@code clusters} clusters of sessions that behave alike ({@link SessionClusters}; 0 or 1: none).
     */
    public static BehaviourProfile fit(String name, List<AccessLog.Entry> entries, Duration gap, Grouping grouping,
                                       int clusters) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("no requests to learn behaviour from; give an access log with lines in "
                    + "the combined format or JSON lines");
        }
        List<Session> bySource = Sessionizer.sessions(entries, gap, grouping);
        SessionClusters split = SessionClusters.fit(bySource, clusters, name.hashCode());
        List<Session> sessions = split.label(bySource);
        long first = entries.stream().mapToLong(e -> e.time().getEpochSecond()).min().orElseThrow() / 3600;
        long last = entries.stream().mapToLong(e -> e.time().getEpochSecond()).max().orElseThrow() / 3600;
        int hours = (int) (last - first + 1);
        Map<String, List<Session>> byGroup = new TreeMap<>();
        sessions.forEach(s -> byGroup.computeIfAbsent(s.group(), k -> new ArrayList<>()).add(s));
        Map<String, double[]> hourly = new TreeMap<>();
        Map<String, GroupProfile> profiles = new TreeMap<>();
        byGroup.forEach((group, list) -> {
            double[] requests = new double[hours];
            double[] started = new double[hours];
            List<Integer> lengths = new ArrayList<>();
            List<Double> thinks = new ArrayList<>();
            for (Session s : list) {
                started[(int) (s.start().getEpochSecond() / 3600 - first)]++;
                s.requests().forEach(e -> requests[(int) (e.time().getEpochSecond() / 3600 - first)]++);
                lengths.add(s.length());
                for (double t : s.thinkSeconds()) {
                    thinks.add(t);
                }
            }
            hourly.put(group, requests);
            profiles.put(group, new GroupProfile(group, GroupProfile.Rates.of(Instant.ofEpochSecond(first * 3600),
                    requests, started),
                    new GroupProfile.Shape(GroupProfile.Shape.thin(lengths.stream().mapToInt(Integer::intValue)
                            .toArray(), Math.min(lengths.size(), GroupProfile.Shape.SAMPLE)),
                            GroupProfile.Shape.thin(thinks.stream().mapToDouble(Double::doubleValue).toArray(),
                                    Math.min(thinks.size(), GroupProfile.Shape.SAMPLE))),
                    MarkovChain.fit(list, CHAIN_STATES)));
        });
        return new BehaviourProfile(name, Instant.ofEpochSecond(first * 3600), Instant.ofEpochSecond((last + 1) * 3600),
                profiles, correlations(hourly), split);
    }

    /**
     * Requests {@code group} sends in the hour starting at {@code hour}; for a group split into clusters, its clusters'
     * sum; 0 for a group never seen.
     */
    public double expectedRequests(String group, Instant hour) {
        GroupProfile g = groups.get(group);
        if (g != null) {
            return g.rates().expectedRequests(hour);
        }
        return groups.values().stream().filter(c -> clusters.parentOf(c.group()).equals(group))
                .mapToDouble(c -> c.rates().expectedRequests(hour)).sum();
    }

    /** The groups live traffic is told apart by: the rule and source groups, a split group once. */
    public java.util.SortedSet<String> sourceGroups() {
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        groups.keySet().forEach(g -> names.add(clusters.parentOf(g)));
        return names;
    }

    /**
     * Hourly requests per group of this profile over [{@code from}, {@code to}): by each request's rule or source
     * group, or, when the profile has learned clusters, by the cluster its session (cut at {@code gap}) falls in.
     */
    public Map<String, double[]> hourlyRequests(List<AccessLog.Entry> entries, Duration gap, Grouping grouping,
                                                Instant from, Instant to) {
        if (clusters.splits().isEmpty()) {
            return hourlyRequests(entries, grouping, from, to);
        }
        long first = from.getEpochSecond() / 3600;
        int hours = (int) Math.max(0, (to.getEpochSecond() + 3599) / 3600 - first);
        Map<String, double[]> counts = new HashMap<>();
        for (Session s : clusters.label(Sessionizer.sessions(entries, gap, grouping))) {
            for (AccessLog.Entry e : s.requests()) {
                long h = e.time().getEpochSecond() / 3600 - first;
                if (h >= 0 && h < hours) {
                    counts.computeIfAbsent(s.group(), k -> new double[hours])[(int) h]++;
                }
            }
        }
        return counts;
    }

    /** Each group's share of all requests watched. */
    public Map<String, Double> shares() {
        Map<String, Double> totals = new TreeMap<>();
        groups.forEach((n, g) -> totals.put(n, java.util.Arrays.stream(g.rates().requestsByHour()).sum()));
        double all = totals.values().stream().mapToDouble(Double::doubleValue).sum();
        totals.replaceAll((n, v) -> all == 0 ? 0 : v / all);
        return totals;
    }

    /**
     * This profile updated with newer behaviour: {@code w} of the weight on {@code recent}, {@code 1 - w} on this
     * (a group only one of them knows is kept as that one has it). Correlations are the recent ones where known.
     */
    public BehaviourProfile blend(BehaviourProfile recent, double w) {
        Map<String, GroupProfile> blended = new TreeMap<>(groups);
        recent.groups.forEach((n, g) -> blended.merge(n, g, (past, now) -> past.blend(now, w)));
        Map<String, Map<String, Double>> corr = new TreeMap<>(correlation);
        corr.putAll(recent.correlation);
        return new BehaviourProfile(name, from.isBefore(recent.from) ? from : recent.from,
                to.isAfter(recent.to) ? to : recent.to, blended, corr,
                recent.clusters.splits().isEmpty() ? clusters : recent.clusters);
    }

    private static Map<String, Map<String, Double>> correlations(Map<String, double[]> hourly) {
        Map<String, Map<String, Double>> corr = new TreeMap<>();
        for (var a : hourly.entrySet()) {
            Map<String, Double> row = new TreeMap<>();
            for (var b : hourly.entrySet()) {
                double r = pearson(a.getValue(), b.getValue());
                if (!a.getKey().equals(b.getKey()) && Double.isFinite(r)) {
                    row.put(b.getKey(), r);
                }
            }
            corr.put(a.getKey(), row);
        }
        return corr;
    }

    static double pearson(double[] x, double[] y) {
        int n = x.length;
        if (n < 3) {
            return Double.NaN;
        }
        double mx = java.util.Arrays.stream(x).average().orElse(0);
        double my = java.util.Arrays.stream(y).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    /** Hourly requests per group over [{@code from}, {@code to}), whole hours (UTC). */
    public static Map<String, double[]> hourlyRequests(List<AccessLog.Entry> entries, Grouping grouping, Instant from,
                                                       Instant to) {
        long first = from.getEpochSecond() / 3600;
        int hours = (int) Math.max(0, (to.getEpochSecond() + 3599) / 3600 - first);
        Map<String, double[]> counts = new HashMap<>();
        for (AccessLog.Entry e : entries) {
            long h = e.time().getEpochSecond() / 3600 - first;
            if (h >= 0 && h < hours) {
                counts.computeIfAbsent(grouping.groupOf(e), k -> new double[hours])[(int) h]++;
            }
        }
        return counts;
    }
}
