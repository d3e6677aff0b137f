package dev.prescale.replay;

import dev.prescale.scaling.Bounds;
import dev.prescale.scaling.PeakPolicy;

import java.util.Locale;

/**
 * {@link PeakPolicy} in the replay, as the controller runs it: recalibrated every {@code refitMinutes} on the request
 * counts it can see (the metric lag behind), deciding every minute. Nothing of the scored minutes reaches it before
 * the lag says it may.
 */
public final class PeakReplay implements ReplayPolicy {

    private final PeakPolicy policy;
    private final int refitMinutes;
    private PeakPolicy.Calibration calibration = PeakPolicy.Calibration.NONE;
    private int calibratedAt = -1;

    /** @param quantile the share of past busiest minutes the calibrated size would have carried */
    public PeakReplay(double quantile, ReplaySettings settings, int refitMinutes) {
        this.policy = new PeakPolicy(PeakPolicy.Settings.of(quantile, settings.warmUpMinutes(),
                settings.metricLagMinutes()));
        this.refitMinutes = refitMinutes;
    }

    @Override
    public String name() {
        return String.format(Locale.ROOT, "prescale minute-peak q%.1f%%", policy.settings().quantile() * 100);
    }

    @Override
    public int desired(FleetView view) {
        ReplaySettings s = view.settings();
        double[] visible = view.visibleRequestsPerMinute();
        int latest = visible.length - 1;
        double perInstance = s.capacityPerInstance() * 60 * s.violationUtilization();
        if (calibratedAt < 0 || view.minute() - calibratedAt >= refitMinutes) {
            calibration = policy.calibrate(visible, latest, perInstance);
            calibratedAt = view.minute();
        }
        return policy.decide(visible, latest, calibration, perInstance, view.desired(),
                Bounds.honoring(s.minInstances(), s.maxInstances())).desired();
    }
}
