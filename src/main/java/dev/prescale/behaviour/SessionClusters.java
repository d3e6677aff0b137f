package dev.prescale.behaviour;

import dev.prescale.signature.AccessLog;
import org.hipparchus.clustering.CentroidCluster;
import org.hipparchus.clustering.DoublePoint;
import org.hipparchus.clustering.KMeansPlusPlusClusterer;
import org.hipparchus.clustering.MultiKMeansPlusPlusClusterer;
import org.hipparchus.clustering.distance.EuclideanDistance;
import org.hipparchus.random.Well19937c;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Groups learned from what sessions do rather than who sends them: within each rule or source group with enough
 * sessions, k-means++ on standardized session features splits the group into {@code k} clusters named
 * {@code <group>-k1 .. -kk}, ordered by mean session length. The split is kept so later sessions (a test log, live
 * traffic) fall into the same clusters, and a cluster's parent group is what live {@code load_signature} points tag.
 *
 * <p>Features per session: log of its length, log of 1 + its median think time in seconds, the share of requests for
 * static assets (style, scripts, images, fonts), the share answered 4xx/5xx, and the share that revisit a path already
 * requested in the session.
 *
 * @param splits by parent group; a group absent here is not split
 */
public record SessionClusters(Map<String, Split> splits) {

    private static final Logger LOG = LoggerFactory.getLogger(SessionClusters.class);

    /** Feature names, in the order of {@link #features}. */
    public static final List<String> FEATURES = List.of("log length", "log think", "assets", "errors", "revisits");

    /** A group with fewer sessions than this per cluster is left whole. */
    public static final int MIN_SESSIONS_PER_CLUSTER = 50;

    /** Sessions a split is learned from at most (an even sample of the group's). */
    static final int SAMPLE = 20_000;

    /** No learned clusters: every session stays in its rule or source group. */
    public static final SessionClusters NONE = new SessionClusters(Map.of());

    /**
     * One group's split.
     *
     * @param mean      per feature, for standardizing
     * @param sd        per feature (1 where a feature did not vary)
     * @param centroids per cluster, in standardized units, ordered by mean session length
     */
    public record Split(double[] mean, double[] sd, double[][] centroids) {
    }

    public SessionClusters {
        splits = Map.copyOf(splits);
    }

    /**
     * Learns up to {@code k} clusters in each group of {@code sessions} that has at least
     * {@link #MIN_SESSIONS_PER_CLUSTER} sessions per cluster; {@code k <= 1} learns none.
     */
    public static SessionClusters fit(List<Session> sessions, int k, long seed) {
        if (k <= 1) {
            return NONE;
        }
        Map<String, List<Session>> byGroup = new TreeMap<>();
        sessions.forEach(s -> byGroup.computeIfAbsent(s.group(), g -> new ArrayList<>()).add(s));
        Map<String, Split> splits = new TreeMap<>();
        byGroup.forEach((group, list) -> {
            if (list.size() >= k * MIN_SESSIONS_PER_CLUSTER) {
                try {
                    splits.put(group, split(list, k, seed));
                } catch (RuntimeException e) { // sessions too alike to cluster: the group stays whole
                    LOG.warn("behaviour group {} left whole: its sessions did not cluster ({})", group,
                            e.getMessage());
                }
            }
        });
        return new SessionClusters(splits);
    }

    private static Split split(List<Session> sessions, int k, long seed) {
        int step = Math.max(1, sessions.size() / SAMPLE);
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < sessions.size(); i += step) {
            rows.add(features(sessions.get(i)));
        }
        int d = FEATURES.size();
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j] / rows.size();
            }
        }
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                sd[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / rows.size();
            }
        }
        for (int j = 0; j < d; j++) {
            sd[j] = sd[j] > 1e-12 ? Math.sqrt(sd[j]) : 1;
        }
        List<DoublePoint> points = rows.stream().map(r -> new DoublePoint(standardize(r, mean, sd))).toList();
        var clusterer = new MultiKMeansPlusPlusClusterer<>(new KMeansPlusPlusClusterer<DoublePoint>(k, 200,
                new EuclideanDistance(), new Well19937c(seed)), 5);
        List<double[]> centroids = new ArrayList<>();
        for (CentroidCluster<DoublePoint> c : clusterer.cluster(points)) {
            if (!c.getPoints().isEmpty()) {
                centroids.add(c.getCenter().getPoint());
            }
        }
        centroids.sort(Comparator.comparingDouble((double[] c) -> c[0]).thenComparingDouble(c -> c[1]));
        return new Split(mean, sd, centroids.toArray(double[][]::new));
    }

    /** The session's features in the order of {@link #FEATURES}. */
    static double[] features(Session s) {
        double[] think = s.thinkSeconds();
        java.util.Arrays.sort(think);
        double median = think.length == 0 ? 0 : think[think.length / 2];
        int assets = 0;
        int errors = 0;
        int revisits = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (AccessLog.Entry e : s.requests()) {
            assets += isAsset(e.path()) ? 1 : 0;
            errors += e.status() >= 400 ? 1 : 0;
            revisits += seen.add(e.path() == null ? "" : e.path()) ? 0 : 1;
        }
        double n = s.length();
        return new double[]{Math.log(n), Math.log1p(Math.max(0, median)), assets / n, errors / n, revisits / n};
    }

    private static boolean isAsset(String path) {
        if (path == null) {
            return false;
        }
        int q = path.indexOf('?');
        String p = (q >= 0 ? path.substring(0, q) : path).toLowerCase(Locale.ROOT);
        int dot = p.lastIndexOf('.');
        return dot > p.lastIndexOf('/') && switch (p.substring(dot + 1)) {
            case "css", "js", "png", "gif", "jpg", "jpeg", "ico", "svg", "webp", "woff", "woff2", "ttf", "xbm" -> true;
            default -> false;
        };
    }

    private static double[] standardize(double[] x, double[] mean, double[] sd) {
        double[] z = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            z[j] = (x[j] - mean[j]) / sd[j];
        }
        return z;
    }

    /** The group {@code s} belongs to: its cluster's name when its group is split, else its group. */
    public String groupOf(Session s) {
        Split split = splits.get(s.group());
        if (split == null || split.centroids().length == 0) {
            return s.group();
        }
        double[] z = standardize(features(s), split.mean(), split.sd());
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < split.centroids().length; c++) {
            double d = 0;
            for (int j = 0; j < z.length; j++) {
                double diff = z[j] - split.centroids()[c][j];
                d += diff * diff;
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return s.group() + "-k" + (best + 1);
    }

    /** {@code sessions} each put in its cluster. */
    public List<Session> label(List<Session> sessions) {
        if (splits.isEmpty()) {
            return sessions;
        }
        return sessions.stream().map(s -> new Session(groupOf(s), s.requests())).toList();
    }

    /** The rule or source group {@code group} was split from, or {@code group} itself. */
    public String parentOf(String group) {
        int dash = group.lastIndexOf("-k");
        if (dash > 0 && splits.containsKey(group.substring(0, dash))
                && group.substring(dash + 2).chars().allMatch(Character::isDigit)) {
            return group.substring(0, dash);
        }
        return group;
    }

    /** E.g. {@code 14.2 requests, think 9 s, assets 61%, errors 2%, revisits 8%} for cluster {@code group}. */
    public String describe(String group) {
        String parent = parentOf(group);
        Split split = splits.get(parent);
        if (split == null || parent.equals(group)) {
            return "";
        }
        int c = Integer.parseInt(group.substring(parent.length() + 2)) - 1;
        if (c >= split.centroids().length) {
            return "";
        }
        double[] x = new double[FEATURES.size()];
        for (int j = 0; j < x.length; j++) {
            x[j] = split.centroids()[c][j] * split.sd()[j] + split.mean()[j];
        }
        return String.format(Locale.ROOT, "%.1f requests, think %.0f s, assets %.0f%%, errors %.0f%%, revisits %.0f%%",
                Math.exp(x[0]), Math.max(0, Math.expm1(x[1])), Math.max(0, 100 * x[2]), Math.max(0, 100 * x[3]),
                Math.max(0, 100 * x[4]));
    }
}
