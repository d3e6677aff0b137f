package dev.prescale.anomaly;

import java.time.Duration;

/**
 * The residual of each point against a robust baseline, in robust standard deviations. The baseline is the forecast
 * when there is one; otherwise the better of two, judged by whose residuals have been tighter: the median of the same
 * time of day over the last few seasons (for seasonal series) or the median of the recent window (for the rest).
 * Scale is the interquartile range of recent residuals, so one spike does not inflate it.
 */
public final class SeasonalResidual implements AnomalyDetector {

    /**
     * How the detector sees time: its window, the season, how many seasons the seasonal median covers; and the
     * resolution, the smallest change that matters (a scale is never below it: on an error rate that has been 0 all
     * day, one failed request is no incident).
     */
    public record Settings(Duration window, Duration season, int seasons, double resolution) {

        /** A day of recent points, a daily season over the last three days. */
        public static final Settings DEFAULTS = new Settings(Duration.ofDays(1), Duration.ofDays(1), 3);

        public Settings(Duration window, Duration season, int seasons) {
            this(window, season, seasons, 0);
        }
    }

    private static final double CLIP = 4;

    private final Settings settings;
    private final StepClock clock;
    private SlidingWindow recent;
    private SlidingWindow localResiduals;
    private SlidingWindow seasonalResiduals;
    private SlidingWindow forecastResiduals;
    private double[][] phases; // per phase of the season, the last values at that phase (ring of `seasons`)
    private int[] phaseCount;
    private double lastZ;
    private boolean learning = true;

    public SeasonalResidual(Settings settings) {
        this.settings = settings;
        this.clock = new StepClock();
    }

    @Override
    public String name() {
        return "seasonal-residual";
    }

    /**
     * Whether scored points are learned from (the default). A caller that knows an incident is going on stops the
     * learning, so the incident is judged against the baseline from before it for as long as it lasts.
     */
    void learning(boolean value) {
        learning = value;
    }

    /** The signed residual of the last scored point in robust standard deviations (0 when it was not scored). */
    public double lastZ() {
        return lastZ;
    }

    @Override
    public double score(long epochSecond, double value, double predicted) {
        lastZ = 0;
        if (!clock.accept(epochSecond, value)) {
            return 0;
        }
        if (recent == null) {
            if (!clock.stepKnown()) {
                return 0;
            }
            init();
        }
        double z = residualZ(epochSecond, value, predicted);
        if (learning) {
            learn(epochSecond, value, predicted);
        }
        lastZ = z;
        return Scores.fromZ(Math.abs(z));
    }

    private void init() {
        int points = clock.pointsIn(settings.window());
        recent = new SlidingWindow(points);
        localResiduals = new SlidingWindow(points);
        seasonalResiduals = new SlidingWindow(points);
        forecastResiduals = new SlidingWindow(points);
        int perSeason = Math.max(1, clock.pointsIn(settings.season()));
        phases = new double[perSeason][settings.seasons()];
        phaseCount = new int[perSeason];
    }

    private int phase(long t) {
        return (int) (Math.floorMod(t, settings.season().toSeconds()) / clock.step()) % phases.length;
    }

    private double seasonalBaseline(long t) {
        int p = phase(t);
        int n = Math.min(phaseCount[p], settings.seasons());
        if (n < settings.seasons()) {
            return Double.NaN;
        }
        double[] v = phases[p];
        if (v.length == 3) { // the default: the median of three without sorting a copy
            return Math.max(Math.min(v[0], v[1]), Math.min(Math.max(v[0], v[1]), v[2]));
        }
        double[] sorted = v.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private double residualZ(long t, double value, double predicted) {
        if (recent.size() < Math.max(8, recentQuarter())) {
            return 0;
        }
        if (Double.isFinite(predicted) && forecastResiduals.size() >= 8) {
            return (value - predicted) / scale(forecastResiduals, value);
        }
        double local = value - recent.median();
        double seasonal = value - seasonalBaseline(t);
        boolean seasonalBetter = Double.isFinite(seasonal) && seasonalResiduals.full()
                && seasonalResiduals.robustSigma() < localResiduals.robustSigma();
        return seasonalBetter ? seasonal / scale(seasonalResiduals, value)
                : local / scale(localResiduals, value);
    }

    private double scale(SlidingWindow residuals, double value) {
        return Math.max(Scores.floor(residuals.robustSigma(), value), settings.resolution());
    }

    private int recentQuarter() {
        return clock.pointsIn(settings.window()) / 4;
    }

    /**
     * Learns from the point. The recent window learns it winsorised: once the detector has a scale, a point counts as
     * if it lay at most {@value #CLIP} robust sigmas from the recent median, so an incident moves that baseline only a
     * few sigmas per half-window and stays visible while it lasts; a lasting change of level is still absorbed, just
     * gradually. (The same clipping on the seasonal baseline cost 3 NAB points on the shared corpus, so it is not.)
     */
    private void learn(long t, double value, double predicted) {
        boolean warm = recent.size() >= Math.max(8, recentQuarter());
        double local = value;
        if (recent.size() > 0) {
            double median = recent.median();
            local = warm ? clip(value, median, scale(localResiduals, value)) : value;
            localResiduals.add(local - median);
        }
        double seasonal = seasonalBaseline(t);
        if (Double.isFinite(seasonal)) {
            seasonalResiduals.add(value - seasonal);
        }
        if (Double.isFinite(predicted)) {
            forecastResiduals.add((warm && forecastResiduals.size() >= 8
                    ? clip(value, predicted, scale(forecastResiduals, value)) : value) - predicted);
        }
        int p = phase(t);
        phases[p][phaseCount[p] % settings.seasons()] = value;
        phaseCount[p]++;
        recent.add(local);
    }

    private static double clip(double value, double baseline, double scale) {
        return Math.max(baseline - CLIP * scale, Math.min(baseline + CLIP * scale, value));
    }
}
