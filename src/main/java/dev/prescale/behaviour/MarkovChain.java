package dev.prescale.behaviour;

import dev.prescale.signature.AccessLog;
import dev.prescale.signature.Endpoints;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * How a group moves between resources: where its sessions start and, from each resource, where they go next (a
 * first-order Markov chain over endpoint templates). The most requested {@code maxStates} templates are states; the
 * rest are one state, {@value #OTHER}. Each state keeps its most requested concrete path, which a simulation requests.
 * How long a session lasts is drawn separately (from the group's session lengths), so the chain has no exit state.
 *
 * @param start probability of each state as a session's first request
 * @param next  per state, the probability of each state as the next request (a state never left uses {@code start})
 * @param paths per state, the method and path a simulation requests ({@code GET /blog/x})
 */
public record MarkovChain(Map<String, Double> start, Map<String, Map<String, Double>> next,
                          Map<String, String> paths) {

    public static final String OTHER = "other";

    public MarkovChain {
        // sorted, so a walk from the same seed draws the same states however the chain was read back
        start = sorted(start);
        TreeMap<String, Map<String, Double>> rows = new TreeMap<>();
        next.forEach((state, row) -> rows.put(state, sorted(row)));
        next = Collections.unmodifiableSortedMap(rows);
        paths = sorted(paths);
    }

    private static <V> Map<String, V> sorted(Map<String, V> map) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }

    static MarkovChain fit(List<Session> sessions, int maxStates) {
        Map<String, Long> requests = new HashMap<>();
        Map<String, Map<String, Long>> concrete = new HashMap<>();
        for (Session s : sessions) {
            for (AccessLog.Entry e : s.requests()) {
                String t = Endpoints.of(e.method(), e.path());
                requests.merge(t, 1L, Long::sum);
                concrete.computeIfAbsent(t, k -> new HashMap<>()).merge(e.method() + " " + e.path(), 1L, Long::sum);
            }
        }
        List<String> kept = requests.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey())).limit(maxStates).map(Map.Entry::getKey).toList();
        Map<String, Double> start = new TreeMap<>();
        Map<String, Map<String, Double>> next = new TreeMap<>();
        for (Session s : sessions) {
            String previous = null;
            for (AccessLog.Entry e : s.requests()) {
                String state = state(Endpoints.of(e.method(), e.path()), kept);
                if (previous == null) {
                    start.merge(state, 1.0, Double::sum);
                } else {
                    next.computeIfAbsent(previous, k -> new TreeMap<>()).merge(state, 1.0, Double::sum);
                }
                previous = state;
            }
        }
        Map<String, String> paths = new TreeMap<>();
        Map<String, Long> otherPaths = new HashMap<>();
        concrete.forEach((template, byPath) -> {
            if (kept.contains(template)) {
                paths.put(template, mostCommon(byPath));
            } else {
                byPath.forEach((p, n) -> otherPaths.merge(p, n, Long::sum));
            }
        });
        if (!otherPaths.isEmpty()) {
            paths.put(OTHER, mostCommon(otherPaths));
        }
        next.replaceAll((k, row) -> normalised(row));
        return new MarkovChain(normalised(start), next, paths);
    }

    /** The states of a walk of {@code length} requests. */
    public List<String> walk(int length, SplittableRandom random) {
        List<String> walk = new ArrayList<>(length);
        String state = draw(start, random);
        for (int i = 0; i < length && state != null; i++) {
            walk.add(state);
            state = draw(next.getOrDefault(state, start), random);
        }
        return walk;
    }

    /** {@code (1 - w) x this + w x recent}, state by state (a state only one of them has keeps its weighted share). */
    MarkovChain blend(MarkovChain recent, double w) {
        Map<String, Map<String, Double>> rows = new TreeMap<>();
        for (String state : union(next.keySet(), recent.next.keySet())) {
            rows.put(state, mix(next.getOrDefault(state, start), recent.next.getOrDefault(state, recent.start), w));
        }
        Map<String, String> allPaths = new TreeMap<>(paths);
        allPaths.putAll(recent.paths);
        return new MarkovChain(mix(start, recent.start, w), rows, allPaths);
    }

    private static List<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private static Map<String, Double> mix(Map<String, Double> a, Map<String, Double> b, double w) {
        Map<String, Double> m = new TreeMap<>();
        a.forEach((k, v) -> m.merge(k, (1 - w) * v, Double::sum));
        b.forEach((k, v) -> m.merge(k, w * v, Double::sum));
        return normalised(m);
    }

    private static String state(String template, List<String> kept) {
        return kept.contains(template) ? template : OTHER;
    }

    private static String mostCommon(Map<String, Long> counts) {
        return counts.entrySet().stream().max(Map.Entry.<String, Long>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).orElseThrow().getKey();
    }

    private static Map<String, Double> normalised(Map<String, Double> counts) {
        double total = counts.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Double> p = new LinkedHashMap<>();
        if (total > 0) {
            new TreeMap<>(counts).forEach((k, v) -> p.put(k, v / total));
        }
        return p;
    }

    private static String draw(Map<String, Double> p, SplittableRandom random) {
        if (p.isEmpty()) {
            return null;
        }
        double u = random.nextDouble();
        String last = null;
        for (Map.Entry<String, Double> e : p.entrySet()) { // in key order: the chain's maps are sorted
            last = e.getKey();
            u -= e.getValue();
            if (u < 0) {
                return last;
            }
        }
        return last;
    }
}
