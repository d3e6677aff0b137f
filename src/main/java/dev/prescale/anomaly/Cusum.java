package dev.prescale.anomaly;

import java.time.Duration;

/**
 * A two-sided CUSUM change-point detector on robustly standardised values: sums how far points keep falling on one
 * side of the recent median (less a slack of {@code k} sigmas a point), so a level shift too small for any single
 * point to look odd still adds up. Against the forecast when there is one. The sums are capped, and decay once the
 * recent window has absorbed a shift.
 */
public final class Cusum implements AnomalyDetector {

    /**
     * @param window how much recent history sets the level and scale
     * @param slack  sigmas a point may stray each step without adding (k)
     * @param limit  the sum, in sigmas, at which the score reaches 0.5 (h)
     */
    public record Settings(Duration window, double slack, double limit) {

        public static final Settings DEFAULTS = new Settings(Duration.ofDays(1), 1.0, 12.0);
    }

    private final Settings settings;
    private final StepClock clock = new StepClock();
    private SlidingWindow recent;
    private SlidingWindow forecastResiduals;
    private double up;
    private double down;

    public Cusum(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "cusum";
    }

    @Override
    public double score(long epochSecond, double value, double predicted) {
        if (!clock.accept(epochSecond, value) || !clock.stepKnown()) {
            return 0;
        }
        if (recent == null) {
            recent = new SlidingWindow(clock.pointsIn(settings.window()));
            forecastResiduals = new SlidingWindow(clock.pointsIn(settings.window()));
        }
        double z = 0;
        if (Double.isFinite(predicted) && forecastResiduals.size() >= 8) {
            z = (value - predicted) / Scores.floor(forecastResiduals.robustSigma(), value);
        } else if (recent.size() >= 8) {
            z = (value - recent.median()) / Scores.floor(recent.robustSigma(), value);
        }
        double cap = 3 * settings.limit();
        up = Math.min(cap, Math.max(0, up + z - settings.slack()));
        down = Math.min(cap, Math.max(0, down - z - settings.slack()));
        recent.add(value);
        if (Double.isFinite(predicted)) {
            forecastResiduals.add(value - predicted);
        }
        double sum = Math.max(up, down);
        return sum / (sum + settings.limit());
    }
}
