package dev.prescale.anomaly;

import java.time.Duration;

/**
 * The residual of each point against a robust baseline, in robust standard deviations. The baseline is the forecast
 * when there is one; otherwise the better of two, judged by whose residuals have been tighter: the median of the same
 * time of day over the last few seasons (for seasonal series) or the median of the recent window (for the rest).
 * Scale is the interquartile range of recent residuals, so one spike does not inflate it.
 */
public final class SeasonalResidual implements AnomalyDetector {

    /** How the detector sees time: its window, the season, how many seasons the seasonal median covers. */
    public record Settings(Duration window, Duration season, int seasons) {

        /** A day of recent points, a daily season over the last three days. */
        public static final Settings DEFAULTS = new Settings(Duration.ofDays(1), Duration.ofDays(1), 3);
    }

    private final Settings settings;
    private final StepClock clock;
    private SlidingWindow recent;
    private SlidingWindow localResiduals;
    private SlidingWindow seasonalResiduals;
    private SlidingWindow forecastResiduals;
    private double[][] phases; // per phase of the season, the last values at that phase (ring of `seasons`)
    private int[] phaseCount;
    private double lastZ;

    public SeasonalResidual(Settings settings) {
        this.settings = settings;
        this.clock = new StepClock();
    }

    @Override
    public String name() {
        return "seasonal-residual";
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
        learn(epochSecond, value, predicted);
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
        double[] v = phases[p].clone();
        java.util.Arrays.sort(v);
        return v[v.length / 2];
    }

    private double residualZ(long t, double value, double predicted) {
        if (recent.size() < Math.max(8, recentQuarter())) {
            return 0;
        }
        if (Double.isFinite(predicted) && forecastResiduals.size() >= 8) {
            return (value - predicted) / Scores.floor(forecastResiduals.robustSigma(), value);
        }
        double local = value - recent.median();
        double seasonal = value - seasonalBaseline(t);
        boolean seasonalBetter = Double.isFinite(seasonal) && seasonalResiduals.full()
                && seasonalResiduals.robustSigma() < localResiduals.robustSigma();
        return seasonalBetter ? seasonal / Scores.floor(seasonalResiduals.robustSigma(), value)
                : local / Scores.floor(localResiduals.robustSigma(), value);
    }

    private int recentQuarter() {
        return clock.pointsIn(settings.window()) / 4;
    }

    private void learn(long t, double value, double predicted) {
        if (recent.size() > 0) {
            localResiduals.add(value - recent.median());
        }
        double seasonal = seasonalBaseline(t);
        if (Double.isFinite(seasonal)) {
            seasonalResiduals.add(value - seasonal);
        }
        if (Double.isFinite(predicted)) {
            forecastResiduals.add(value - predicted);
        }
        int p = phase(t);
        phases[p][phaseCount[p] % settings.seasons()] = value;
        phaseCount[p]++;
        recent.add(value);
    }
}
