package dev.prescale.issues;

import org.hipparchus.distribution.continuous.ChiSquaredDistribution;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What history says about issues, per type and component ({@link Incident#key}): how often they start at each time of
 * day (a rate per bucket of the UTC day, smoothed towards the key's daily mean so an empty bucket is rare, not
 * impossible), how big and how long they are (log-normal: sizes of operational issues are skewed, with a long right
 * tail), and which tend to follow which within {@link #CO_WINDOW}.
 */
public final class IssueModel {

    /** How soon after another an issue counts as following it. */
    public static final Duration CO_WINDOW = Duration.ofMinutes(10);

    /**
     * The fitted description of one key.
     *
     * @param counts        issues that started in each time-of-day bucket of the fitted window
     * @param exposureHours hours of each bucket in the fitted window
     */
    public record KeyModel(String key, String type, String component, double[] ratePerHour, double[] counts,
                           double[] exposureHours, double logSizeMean, double logSizeSigma, double largestSeen,
                           double medianSize, double p90Size, double logDurationMean, double logDurationSigma,
                           int count) {

        /** Expected issues in [from, to). */
        public double expected(Instant from, Instant to) {
            double sum = 0;
            for (int b = 0; b < ratePerHour.length; b++) {
                sum += ratePerHour[b] * hoursInBucket(from, to, b, ratePerHour.length);
            }
            return sum;
        }
    }

    /**
     * A goodness-of-fit check of held-apart history: per cell, the held-apart count ({@code observed}) and what it
     * would be if the rate were the same in both windows ({@code expected}); Pearson's chi-square over both windows.
     */
    public record FitCheck(Map<String, double[]> cells, double chiSquare, int degreesOfFreedom, double pValue) {
    }

    private final Map<String, KeyModel> keys;
    private final Map<String, Map<String, Double>> following; // P(second starts within CO_WINDOW | first started)
    private final int buckets;
    private final double fittedHours;

    private IssueModel(Map<String, KeyModel> keys, Map<String, Map<String, Double>> following, int buckets,
                       double fittedHours) {
        this.fittedHours = fittedHours;
        this.keys = keys;
        this.following = following;
        this.buckets = buckets;
    }

    public Map<String, KeyModel> keys() {
        return keys;
    }

    /** For each key, the chance that each other key starts within {@link #CO_WINDOW} after it. */
    public Map<String, Map<String, Double>> following() {
        return following;
    }

    public int buckets() {
        return buckets;
    }

    /**
     * Fits the incidents that started in [from, to), with {@code buckets} time-of-day buckets (4: six hours each).
     *
     * @throws IllegalArgumentException when the window is empty or holds no incident
     */
    public static IssueModel fit(List<Incident> history, Instant from, Instant to, int buckets) {
        if (!to.isAfter(from) || buckets < 1 || 24 % buckets != 0) {
            throw new IllegalArgumentException("fit needs from before to and buckets dividing 24, but had " + from
                    + ", " + to + ", " + buckets);
        }
        List<Incident> in = history.stream().filter(i -> !i.start().isBefore(from) && i.start().isBefore(to))
                .sorted((a, b) -> a.start().compareTo(b.start())).toList();
        if (in.isEmpty()) {
            throw new IllegalArgumentException("no incident started between " + from + " and " + to
                    + "; import history first (prescale incidents import, or anomaly events in the store)");
        }
        Map<String, List<Incident>> byKey = new TreeMap<>();
        for (Incident i : in) {
            byKey.computeIfAbsent(i.key(), k -> new ArrayList<>()).add(i);
        }
        double totalHours = Duration.between(from, to).toSeconds() / 3600.0;
        Map<String, KeyModel> keys = new LinkedHashMap<>();
        for (Map.Entry<String, List<Incident>> e : byKey.entrySet()) {
            List<Incident> list = e.getValue();
            double[] counts = new double[buckets];
            for (Incident i : list) {
                counts[bucket(i.start(), buckets)]++;
            }
            double daily = list.size() / totalHours; // per hour, all day
            double[] rate = new double[buckets];
            double[] exposure = new double[buckets];
            for (int b = 0; b < buckets; b++) {
                exposure[b] = hoursInBucket(from, to, b, buckets);
                // one pseudo-hour of the key's all-day rate: shrinks a bucket with few hours towards the mean
                rate[b] = (counts[b] + daily) / (exposure[b] + 1);
            }
            double[] logSize = list.stream().mapToDouble(i -> Math.log(i.magnitude())).toArray();
            double[] logDuration = list.stream().mapToDouble(i -> Math.log(Math.max(1, i.duration().toSeconds())))
                    .toArray();
            double[] sizes = list.stream().mapToDouble(Incident::magnitude).sorted().toArray();
            Incident first = list.get(0);
            keys.put(e.getKey(), new KeyModel(e.getKey(), first.type(), first.component(), rate, counts,
                    exposure, mean(logSize),
                    Math.max(0.1, sd(logSize)), sizes[sizes.length - 1], quantile(sizes, 0.5), quantile(sizes, 0.9),
                    mean(logDuration), Math.max(0.1, sd(logDuration)), list.size()));
        }
        Map<String, long[]> startsByKey = new TreeMap<>(); // epoch millis, sorted: in is sorted by start
        byKey.forEach((k, list) -> startsByKey.put(k, list.stream().mapToLong(i -> i.start().toEpochMilli())
                .toArray()));
        Map<String, Map<String, Double>> following = new LinkedHashMap<>();
        for (Map.Entry<String, List<Incident>> a : byKey.entrySet()) {
            Map<String, Double> after = new LinkedHashMap<>();
            for (Map.Entry<String, long[]> b : startsByKey.entrySet()) {
                if (b.getKey().equals(a.getKey())) {
                    continue;
                }
                long followed = a.getValue().stream().filter(x -> startsWithin(b.getValue(),
                        x.start().toEpochMilli(), x.start().toEpochMilli() + CO_WINDOW.toMillis())).count();
                if (followed > 0) {
                    after.put(b.getKey(), followed / (double) a.getValue().size());
                }
            }
            following.put(a.getKey(), after);
        }
        return new IssueModel(keys, following, buckets, totalHours);
    }

    /**
     * Checks the model against incidents in [from, to) it was not fitted on. Per key and time-of-day bucket, the
     * counts of the fitted window and of the held-apart one are tested for one common rate (a chi-square test of
     * homogeneity: comparing held-apart counts with the fitted rates alone would ignore that those rates are estimates
     * too, and reject a correct model far too often). Cells with fewer than 5 expected in either window are pooled.
     * A key the model never saw is a cell with nothing in the fitted window (pooled when small). One degree of
     * freedom per cell.
     */
    public FitCheck check(List<Incident> heldApart, Instant from, Instant to) {
        Map<String, double[]> heldCounts = new TreeMap<>(); // per key: per bucket, or one count for an unseen key
        for (Incident i : heldApart) {
            if (!i.start().isBefore(from) && i.start().isBefore(to)) {
                boolean seen = keys.containsKey(i.key());
                heldCounts.computeIfAbsent(i.key(), k -> new double[seen ? buckets : 1])[seen
                        ? bucket(i.start(), buckets) : 0]++;
            }
        }
        double heldHours = Duration.between(from, to).toSeconds() / 3600.0;
        Map<String, double[]> cells = new LinkedHashMap<>(); // name -> {held-apart observed, expected}
        double[] pool = new double[4]; // fitted count, held-apart count, fitted hours, held-apart hours
        double chi = 0;
        for (KeyModel k : keys.values()) {
            double[] held = heldCounts.getOrDefault(k.key(), new double[buckets]);
            for (int b = 0; b < buckets; b++) {
                chi += cell(k.key() + " " + bucketName(b, buckets), new double[]{k.counts()[b], held[b],
                        k.exposureHours()[b], hoursInBucket(from, to, b, buckets)}, cells, pool);
            }
        }
        for (Map.Entry<String, double[]> u : heldCounts.entrySet()) {
            if (!keys.containsKey(u.getKey())) { // none in the fitted window, all day long in both
                chi += cell(u.getKey() + " (not in the fitted window)", new double[]{0, u.getValue()[0],
                        fittedHours, heldHours}, cells, pool);
            }
        }
        if (pool[0] + pool[1] > 0) {
            chi += pearson(pool);
            cells.put("pooled (few expected, or unseen keys)", new double[]{pool[1], expected(pool)[1]});
        }
        int df = Math.max(1, cells.size());
        double p = 1 - new ChiSquaredDistribution(df).cumulativeProbability(chi);
        return new FitCheck(cells, chi, df, p);
    }

    /**
     * One cell {fitted count, held-apart count, fitted hours, held-apart hours}: its chi-square term, or 0 when it
     * expects fewer than 5 in either window and goes to the pool instead.
     */
    private static double cell(String name, double[] cell, Map<String, double[]> cells, double[] pool) {
        double[] e = expected(cell);
        if (Math.min(e[0], e[1]) < 5) {
            for (int j = 0; j < 4; j++) {
                pool[j] += cell[j];
            }
            return 0;
        }
        cells.put(name, new double[]{cell[1], e[1]});
        return pearson(cell);
    }

    /** Expected counts of both windows under one rate: {fitted, held-apart}. */
    private static double[] expected(double[] cell) {
        double total = cell[0] + cell[1];
        double hours = cell[2] + cell[3];
        return hours == 0 ? new double[]{0, 0} : new double[]{total * cell[2] / hours, total * cell[3] / hours};
    }

    private static double pearson(double[] cell) {
        double[] e = expected(cell);
        double chi = 0;
        for (int j = 0; j < 2; j++) {
            chi += e[j] > 0 ? (cell[j] - e[j]) * (cell[j] - e[j]) / e[j] : 0;
        }
        return chi;
    }

    /** True when a sorted array of times holds one in [from, to). */
    private static boolean startsWithin(long[] sorted, long from, long to) {
        int i = Arrays.binarySearch(sorted, from);
        int first = i >= 0 ? i : -i - 1; // found: from itself; else the first later time
        return first < sorted.length && sorted[first] < to;
    }

    static int bucket(Instant t, int buckets) {
        return t.atZone(ZoneOffset.UTC).getHour() / (24 / buckets);
    }

    static String bucketName(int b, int buckets) {
        int width = 24 / buckets;
        return String.format("%02d-%02dh", b * width, (b + 1) * width);
    }

    /** Hours of [from, to) that fall in time-of-day bucket {@code b}. */
    static double hoursInBucket(Instant from, Instant to, int b, int buckets) {
        long width = 24L * 3600 / buckets;
        long day = 86_400;
        long start = from.getEpochSecond();
        long end = to.getEpochSecond();
        long firstDay = Math.floorDiv(start, day);
        long lastDay = Math.floorDiv(end - 1, day);
        long seconds = 0;
        for (long d = firstDay; d <= lastDay; d++) {
            long lo = d * day + b * width;
            long hi = lo + width;
            seconds += Math.max(0, Math.min(hi, end) - Math.max(lo, start));
        }
        return seconds / 3600.0;
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(0);
    }

    private static double sd(double[] v) {
        double m = mean(v);
        return v.length < 2 ? 0 : Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1));
    }

    private static double quantile(double[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }
}
