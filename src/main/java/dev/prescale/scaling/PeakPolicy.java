package dev.prescale.scaling;

import java.util.Arrays;
import java.util.Locale;

/**
 * Sizes the fleet for the busiest minute it may have to serve before it can change again, at a chosen probability,
 * calibrated on the series' own recent past. Violations are counted per minute, so this is what a fleet is judged by;
 * a mean over fifteen minutes hides the minute that breaks it.
 *
 * <p>At each decision the policy sees per-minute demand up to the latest visible minute {@code v} (the metric lag
 * behind now). Capacity kept now serves now; capacity launched now serves after the warm-up. So a decision made with
 * {@code v} visible must carry the busiest minute of {@code v + lag + 1 ... v + lag + 1 + warmUp}: that minute's
 * demand is {@code Y}. A {@link Base} is what the policy can say about {@code Y} from the past: a recent mean or
 * peak, the daily shape ahead, the same window on the last week's days.
 *
 * <p>Calibration (refitted on a schedule, like a forecast) replays the last {@code calibrationDays} of decisions:
 * for each base and each decision it finds the smallest multiple {@code f} of the base whose whole instances would
 * have carried {@code Y} (integer instances, so low demand needs no headroom at all), takes the {@code quantile} of
 * those multiples, and keeps the base that would have needed the fewest instance-minutes at it. A seasonal base is
 * used only where it paid on the recent past, never because it is there. The decision itself is then one line:
 * {@code ceil(f * base / perInstance)}, inside the bounds. Missing minutes (NaN) are skipped, never read as zero.
 *
 * <p>Choosing the cheapest of several bases on the calibration window makes its coverage there optimistic: out of
 * sample a base misses somewhat more often than the quantile says, which is why the quantile itself is chosen by a
 * replay of the training window ({@code PolicyReplay.select}), not read as a promise.
 */
public final class PeakPolicy {

    /** The rule name its decisions carry ({@code scaling_action.rule}). */
    public static final String RULE = "minute-peak";

    /** Minutes in a day: the season of the seasonal base. */
    static final int DAY = 1440;
    private static final int SMOOTH_HALF_WIDTH = 7;
    private static final int SEASON_DAYS = 7;
    private static final double MIN_SHAPE = 0.25;
    private static final double MAX_SHAPE = 4;
    private static final int LONGEST_BASE = 30;

    /** What a decision sizes on: a summary of the visible past, or of the daily shape ahead. */
    public enum Base {
        MEAN_3("mean of the last 3 minutes", false, (v, at, shape, s) -> mean(v, at - 2, at)),
        MEAN_10("mean of the last 10 minutes", false, (v, at, shape, s) -> mean(v, at - 9, at)),
        MAX_10("busiest of the last 10 minutes", false, (v, at, shape, s) -> max(v, at - 9, at)),
        MAX_30("busiest of the last 30 minutes", false, (v, at, shape, s) -> max(v, at - 29, at)),
        WEEK_PEAK("busiest minute of the same window on the last 7 days", true, (v, at, shape, s) ->
                weekPeak(v, at, s)),
        WEEK_PEAK_OR_MAX_30("busier of the last 30 minutes and the same window on the last 7 days", true,
                (v, at, shape, s) -> larger(weekPeak(v, at, s), max(v, at - 29, at))),
        SHAPED_10("mean of the last 10 minutes moved by the daily shape", true, (v, at, shape, s) ->
                shape == null ? mean(v, at - 9, at) : mean(v, at - 9, at) * shape.ahead(at, 10, s)),
        /**
         * A fleet that does not move: its multiple is the calibrated busiest minute itself. Where demand comes in
         * rare large bursts from next to nothing, every other base is near zero when the burst comes and its multiple
         * explodes; a fixed fleet is then the cheapest way to carry the quantile, and it is always finite.
         */
        FIXED("fixed fleet for the calibrated busiest minute", false, (v, at, shape, s) -> 1.0);

        private interface Summary {
            double of(double[] v, int at, Shape shape, Settings s);
        }

        private final String description;
        private final boolean seasonal;
        private final Summary summary;

        Base(String description, boolean seasonal, Summary summary) {
            this.description = description;
            this.seasonal = seasonal;
            this.summary = summary;
        }

        double value(double[] v, int at, Shape shape, Settings s) {
            return summary.of(v, at, shape, s);
        }
    }

    /** The larger of two values, either of which may be missing (NaN). */
    private static double larger(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }

    /**
     * @param quantile        the share of past decisions whose busiest minute the calibrated multiple would have
     *                        carried, e.g. 0.995
     * @param calibrationDays days of past decisions the multiple is calibrated on
     * @param warmUpMinutes   minutes from launch until an instance serves
     * @param lagMinutes      minutes until a minute's demand is visible
     */
    public record Settings(double quantile, int calibrationDays, int warmUpMinutes, int lagMinutes) {

        public Settings {
            if (!(quantile > 0.5 && quantile < 1) || calibrationDays < 1 || warmUpMinutes < 0 || lagMinutes < 0) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "peak policy settings need 0.5 < "
                        + "quantile < 1, calibration of at least 1 day, warm-up and lag >= 0, but had %s, %d, %d, %d",
                        quantile, calibrationDays, warmUpMinutes, lagMinutes));
            }
        }

        /** Calibrated on the last week. */
        public static Settings of(double quantile, int warmUpMinutes, int lagMinutes) {
            return new Settings(quantile, 7, warmUpMinutes, lagMinutes);
        }

        /** Minutes from the latest visible one to the first the decision must carry. */
        int firstAhead() {
            return lagMinutes + 1;
        }

        /** Minutes from the latest visible one to the last the decision must carry. */
        int lastAhead() {
            return lagMinutes + 1 + warmUpMinutes;
        }
    }

    /**
     * What calibration found.
     *
     * @param factor the multiple of the base sized on; infinite when too many past busiest minutes had no base at all
     * @param base   what is multiplied: the base that would have cost the fewest instance-minutes at the quantile
     * @param points past decisions it was calibrated on (0: too little history; the policy then holds capacity)
     */
    public record Calibration(double factor, Base base, int points) {

        /** Nothing to size on yet. */
        public static final Calibration NONE = new Calibration(Double.NaN, Base.MEAN_10, 0);

        public boolean usable() {
            return points > 0 && Double.isFinite(factor);
        }

        public String describe() {
            return usable() ? String.format(Locale.ROOT, "%.3fx the %s (calibrated on %d past decisions)", factor,
                    base.description, points) : "not calibrated (" + points + " past decisions)";
        }
    }

    /**
     * A decision: how many instances, and why.
     *
     * @param sizedFor requests per minute the fleet is sized to carry (NaN when it holds)
     */
    public record Decision(int desired, double sizedFor, String reason) {
    }

    private final Settings settings;

    public PeakPolicy(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Calibrates on {@code perMinute[0..visible]} (requests per minute, NaN where missing).
     *
     * @param perInstance requests per minute one instance carries without a violation
     */
    public Calibration calibrate(double[] perMinute, int visible, double perInstance) {
        checkRate(perInstance);
        visible = Math.min(visible, perMinute.length - 1);
        int last = visible - settings.lastAhead(); // the latest decision whose busiest minute is known
        int first = Math.max(LONGEST_BASE - 1, last - settings.calibrationDays() * DAY + 1);
        if (last < first) {
            return Calibration.NONE;
        }
        int size = last - first + 1;
        double[] peaks = new double[size];
        double[][] bases = new double[Base.values().length][size];
        int n = 0;
        int from = Math.max(0, first - SEASON_DAYS * DAY - SMOOTH_HALF_WIDTH - LONGEST_BASE);
        Shape shape = new Shape(perMinute, from, visible);
        boolean seasonal = shape.hasSeason(first);
        for (int v = first; v <= last; v++) {
            double y = max(perMinute, v + settings.firstAhead(), v + settings.lastAhead());
            if (Double.isNaN(y)) {
                continue;
            }
            boolean all = true;
            for (Base b : Base.values()) {
                bases[b.ordinal()][n] = b.value(perMinute, v, shape, settings);
                all &= !Double.isNaN(bases[b.ordinal()][n]);
            }
            if (all) {
                peaks[n++] = y;
            }
        }
        if (n == 0) {
            return Calibration.NONE;
        }
        double[][] needed = new double[bases.length][];
        for (Base b : Base.values()) {
            if (!b.seasonal || seasonal) {
                needed[b.ordinal()] = needed(peaks, bases[b.ordinal()], n, perInstance);
            }
        }
        Calibration best = new Calibration(Double.POSITIVE_INFINITY, Base.MEAN_10, n);
        double bestCost = Double.POSITIVE_INFINITY;
        for (Base b : Base.values()) {
            if (needed[b.ordinal()] == null) {
                continue;
            }
            double[] sorted = sorted(needed[b.ordinal()], n);
            double factor = above(sorted[Math.min(n - 1, (int) Math.ceil(settings.quantile() * n) - 1)]);
            double cost = cost(factor, bases[b.ordinal()], n, perInstance);
            if (cost < bestCost) {
                bestCost = cost;
                best = new Calibration(factor, b, n);
            }
        }
        return best;
    }

    /** Per past decision, the smallest multiple of its base whose whole instances carry its busiest minute. */
    private static double[] needed(double[] peaks, double[] bases, int n, double perInstance) {
        double[] needed = new double[n];
        for (int i = 0; i < n; i++) {
            int instances = instances(peaks[i], perInstance);
            // ceil(f * B / c) >= k holds exactly when f * B > (k - 1) * c
            needed[i] = instances <= 1 ? 0 : bases[i] > 0 ? (instances - 1) * perInstance / bases[i]
                    : Double.POSITIVE_INFINITY;
        }
        return needed;
    }

    private static double[] sorted(double[] v, int n) {
        double[] sorted = Arrays.copyOf(v, n);
        Arrays.sort(sorted);
        return sorted;
    }

    /** A hair above {@code needed}: what carries the decision whose minimal multiple it is. */
    private static double above(double needed) {
        return needed * (1 + 1e-9) + 1e-12;
    }

    /** Instance-minutes the calibration window would have cost. */
    private static double cost(double factor, double[] bases, int n, double perInstance) {
        if (!Double.isFinite(factor)) {
            return Double.POSITIVE_INFINITY;
        }
        double cost = 0;
        for (int i = 0; i < n; i++) {
            cost += Math.max(1, Math.ceil(factor * bases[i] / perInstance - 1e-9));
        }
        return cost;
    }

    /**
     * The decision with {@code perMinute[0..visible]} visible.
     *
     * @param current the capacity now, held when there is nothing to size on
     */
    public Decision decide(double[] perMinute, int visible, Calibration calibration, double perInstance,
                           int current, Bounds bounds) {
        checkRate(perInstance);
        visible = Math.min(visible, perMinute.length - 1);
        Shape shape = calibration.base().seasonal ? new Shape(perMinute, Math.max(0, visible - SEASON_DAYS * DAY
                - LONGEST_BASE - SMOOTH_HALF_WIDTH), visible) : null;
        double need = calibration.factor() * calibration.base().value(perMinute, visible, shape, settings);
        if (!calibration.usable() || Double.isNaN(need)) {
            return new Decision(bounds.clamp(current), Double.NaN, "holding " + current + ": "
                    + (calibration.usable() ? "too few minutes visible for the " + calibration.base().description
                    : calibration.describe()));
        }
        double wanted = Math.max(1, need / perInstance);
        int desired = bounds.clamp(wanted);
        return new Decision(desired, need, String.format(Locale.ROOT, "busiest minute ahead sized at %.0f req/min "
                + "(%s), %d instances of %.1f", need, calibration.describe(), desired, perInstance));
    }

    /**
     * Requests per minute from counts per step: a step of whole minutes is spread evenly over its minutes, steps that
     * divide a minute are summed into it (scaled up from the observed ones when some are missing); NaN (a missing
     * step, or a minute with none observed) stays NaN.
     *
     * @throws IllegalArgumentException when the step neither divides a minute nor is a whole number of minutes
     */
    public static double[] perMinute(double[] counts, double stepSeconds, String source) {
        long minutesPerStep = Math.round(stepSeconds / 60);
        if (minutesPerStep >= 1 && Math.abs(stepSeconds - 60 * minutesPerStep) < 1e-9) {
            double[] perMinute = new double[(int) (counts.length * minutesPerStep)];
            for (int i = 0; i < perMinute.length; i++) {
                perMinute[i] = counts[(int) (i / minutesPerStep)] / minutesPerStep;
            }
            return perMinute;
        }
        long stepsPerMinute = Math.round(60 / stepSeconds);
        if (stepsPerMinute < 2 || Math.abs(stepSeconds * stepsPerMinute - 60) > 1e-9) {
            throw new IllegalArgumentException(source + " has a step of " + stepSeconds + " s; sizing per minute "
                    + "needs a step that divides a minute or is whole minutes (resample it to 60 s)");
        }
        double[] perMinute = new double[(int) (counts.length / stepsPerMinute)];
        for (int m = 0; m < perMinute.length; m++) {
            double sum = 0;
            int observed = 0;
            for (int k = 0; k < stepsPerMinute; k++) {
                double c = counts[(int) (m * stepsPerMinute + k)];
                if (!Double.isNaN(c)) {
                    sum += c;
                    observed++;
                }
            }
            perMinute[m] = observed == 0 ? Double.NaN : sum * stepsPerMinute / observed;
        }
        return perMinute;
    }

    /** Instances that carry {@code demand} requests per minute at {@code perInstance} each. */
    static int instances(double demand, double perInstance) {
        return (int) Math.max(1, Math.ceil(demand / perInstance - 1e-9));
    }

    private static void checkRate(double perInstance) {
        if (!(perInstance > 0 && perInstance < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("requests per minute one instance carries must be a positive number, "
                    + "but was " + perInstance + "; check the capacity model or --per-instance");
        }
    }

    /** The busiest minute of the window a decision at {@code at} must carry, on each of the last 7 days. */
    static double weekPeak(double[] v, int at, Settings s) {
        double peak = Double.NaN;
        for (int d = 1; d <= SEASON_DAYS; d++) {
            double day = max(v, at + s.firstAhead() - d * DAY, at + s.lastAhead() - d * DAY);
            if (!Double.isNaN(day) && !(day <= peak)) {
                peak = day;
            }
        }
        return peak;
    }

    /** A minute's demand as a count: negative, infinite and NaN values are missing, never demand. */
    private static boolean counts(double value) {
        return value >= 0 && value < Double.POSITIVE_INFINITY;
    }

    /** Mean of the non-missing minutes in [from, to]; NaN when fewer than half are there. */
    static double mean(double[] v, int from, int to) {
        double sum = 0;
        int n = 0;
        for (int i = Math.max(0, from); i <= Math.min(to, v.length - 1); i++) {
            if (counts(v[i])) {
                sum += v[i];
                n++;
            }
        }
        return 2 * n >= to - from + 1 && n > 0 ? sum / n : Double.NaN;
    }

    /** Max of the non-missing minutes in [from, to]; NaN when all are missing or outside. */
    static double max(double[] v, int from, int to) {
        double max = Double.NaN;
        for (int i = Math.max(0, from); i <= Math.min(to, v.length - 1); i++) {
            if (counts(v[i]) && !(v[i] <= max)) {
                max = v[i];
            }
        }
        return max;
    }

    /**
     * The daily shape: each minute's demand smoothed over a quarter-hour, averaged over the same minute of up to a
     * week of earlier days. Only data at least a day minus the smoothing before a minute goes into its shape, so the
     * shape ahead of the visible minute is known now.
     */
    private static final class Shape {
        private final double[] v;
        private final int from;
        private final int visible;
        private final double[] smoothed;

        Shape(double[] v, int from, int visible) {
            this.v = v;
            this.from = from;
            this.visible = visible;
            this.smoothed = new double[visible - from + 1];
            Arrays.fill(smoothed, Double.NaN);
            double sum = 0;
            int n = 0;
            // a running window over [i - half, i + half], inside [from, visible]
            for (int i = from; i <= Math.min(visible, from + SMOOTH_HALF_WIDTH - 1); i++) {
                if (counts(v[i])) {
                    sum += v[i];
                    n++;
                }
            }
            for (int i = from; i <= visible; i++) {
                int enter = i + SMOOTH_HALF_WIDTH;
                int leave = i - SMOOTH_HALF_WIDTH - 1;
                if (enter <= visible && counts(v[enter])) {
                    sum += v[enter];
                    n++;
                }
                if (leave >= from && counts(v[leave])) {
                    sum -= v[leave];
                    n--;
                }
                smoothed[i - from] = n >= SMOOTH_HALF_WIDTH ? Math.max(0, sum) / n : Double.NaN;
            }
        }

        /** Whether minute {@code m} has at least one earlier day to shape it. */
        boolean hasSeason(int m) {
            return m - DAY - SMOOTH_HALF_WIDTH >= from;
        }

        /** The shape at minute {@code x}: mean of its smoothed values on earlier days; NaN without any. */
        double at(int x) {
            double sum = 0;
            int n = 0;
            for (int d = 1; d <= SEASON_DAYS; d++) {
                int i = x - d * DAY;
                if (i < from || i + SMOOTH_HALF_WIDTH > visible) {
                    continue;
                }
                double s = smoothed[i - from];
                if (!Double.isNaN(s)) {
                    sum += s;
                    n++;
                }
            }
            return n == 0 ? Double.NaN : sum / n;
        }

        /**
         * How much busier the shape says the minutes ahead are than the last {@code window} minutes; 1 when it cannot
         * say.
         */
        double ahead(int visible, int window, Settings s) {
            double now = 0;
            int n = 0;
            for (int x = visible - window + 1; x <= visible; x++) {
                double a = at(x);
                if (!Double.isNaN(a)) {
                    now += a;
                    n++;
                }
            }
            double peak = Double.NaN;
            for (int x = visible + s.firstAhead(); x <= visible + s.lastAhead(); x++) {
                double a = at(x);
                if (!Double.isNaN(a) && !(a <= peak)) {
                    peak = a;
                }
            }
            if (n == 0 || Double.isNaN(peak) || !(now > 0)) {
                return 1;
            }
            return Math.max(MIN_SHAPE, Math.min(MAX_SHAPE, peak / (now / n)));
        }
    }
}
