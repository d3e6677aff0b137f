package dev.prescale.replay;

import dev.prescale.capacity.CapacityModel;
import dev.prescale.forecast.Forecast;
import dev.prescale.forecast.ForecastException;
import dev.prescale.forecast.Forecaster;
import dev.prescale.forecast.Series;
import dev.prescale.profile.Priority;
import dev.prescale.scaling.Bounds;
import dev.prescale.scaling.Capacity;
import dev.prescale.scaling.ScalingDecision;
import dev.prescale.scaling.ScalingInputs;
import dev.prescale.scaling.ScalingPolicy;
import dev.prescale.scaling.SurgeTiers;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Prescale's predictive policy in the replay: the real {@link ScalingPolicy} deciding every minute on a forecast that
 * was fitted only on the demand before it (refitted every {@code refitMinutes}), with the scheduling buffer set to the
 * warm-up so capacity serves when the forecast says it is needed. Scale-in, as in production, only after observed
 * utilization (with the metric lag) stayed low for the stabilization window. Between refits the forecast is not
 * updated, so a surge the model did not see coming waits for the next refit; there is no reactive safety net here, so
 * the replay shows the forecast's worth on its own.
 */
public final class Predictive implements ReplayPolicy {

    static final String NAME = "prescale predictive";
    private static final long MINUTE = 60;

    /**
     * @param model                the forecaster, e.g. the backtest's best for the series
     * @param refitMinutes         how often it is refitted on all demand so far
     * @param stepMinutes          the forecast's step: demand is summed into buckets this long, which forecasts the
     *                             level capacity must carry rather than each minute's noise
     * @param lookaheadMinutes     how far ahead each decision looks for a crossing
     * @param confidence           interval width of the forecast whose upper bound is sized
     * @param targetUtilization    what the upper bound may run the fleet at
     * @param scaleInFraction      scale in below this share of the target
     * @param stabilizationMinutes observed utilization must stay low this long before a scale-in
     */
    public record Settings(Forecaster model, int refitMinutes, int stepMinutes, int lookaheadMinutes,
                           double confidence, double targetUtilization, double scaleInFraction,
                           int stabilizationMinutes) {

        /** Hourly refits of 15-minute forecasts, 15 minutes of look-ahead, the 90th percentile sized at {@code target}. */
        public static Settings defaults(Forecaster model, double target) {
            return new Settings(model, 60, 15, 15, 0.8, target, 0.8, 10);
        }
    }

    private final Settings settings;
    private final Forecaster model;
    private final int refitMinutes;
    private final int lookaheadMinutes;
    private final int step;
    private final Instant epoch;
    private Forecast forecast;
    private int fittedAt = -1;
    private Instant lastOut;
    private Instant lastIn;
    private final TreeMap<Integer, Integer> scheduled = new TreeMap<>();
    private int forecastFailures;

    /** @param epoch the trace's first minute, so forecasts keep calendar time (weekly seasons) */
    public Predictive(Settings settings, Instant epoch) {
        this.settings = settings;
        this.model = settings.model();
        this.refitMinutes = settings.refitMinutes();
        this.lookaheadMinutes = settings.lookaheadMinutes();
        this.step = settings.stepMinutes();
        this.epoch = epoch;
    }

    @Override
    public String name() {
        return String.format(java.util.Locale.ROOT, "%s @%.0f%% (%s)", NAME, settings.targetUtilization() * 100,
                model.name());
    }

    /** Refits that failed (the policy then held capacity until the next refit). */
    public int forecastFailures() {
        return forecastFailures;
    }

    @Override
    public int desired(FleetView view) {
        int minute = view.minute();
        ReplaySettings s = view.settings();
        if (fittedAt < 0 || minute - fittedAt >= refitMinutes) {
            refit(view);
        }
        Instant now = epoch.plusSeconds(minute * MINUTE);
        int desired = view.desired();
        // scheduled pre-surge capacity comes due
        while (!scheduled.isEmpty() && scheduled.firstKey() <= minute) {
            desired = Math.max(desired, scheduled.pollFirstEntry().getValue());
            lastOut = now;
        }
        if (forecast == null) {
            return desired;
        }
        double target = settings.targetUtilization();
        ScalingPolicy policy = new ScalingPolicy(target, forecast.intervalWidth(),
                Duration.ofMinutes(s.warmUpMinutes()), settings.scaleInFraction() * target,
                Duration.ofMinutes(settings.stabilizationMinutes()),
                Duration.ofMinutes(s.warmUpMinutes()), Duration.ofMinutes(15),
                new Bounds(s.minInstances(), s.maxInstances(), Bounds.MaxCapacityBehavior.HONOR, 0),
                SurgeTiers.DEFAULTS, false);
        CapacityModel capacity = new CapacityModel(0, 1 / s.capacityPerInstance(), 0);
        ScalingInputs in = new ScalingInputs("replay", new Capacity(desired, s.minInstances(), s.maxInstances()),
                window(minute), capacity, Double.NaN, Priority.BUSINESS, observed(view), lastOut, lastIn,
                model.name());
        ScalingDecision d = policy.decide(in, now);
        if (d.action() == ScalingDecision.Action.SCALE_OUT) {
            int at = (int) Math.max(minute, Duration.between(epoch, d.effectiveAt()).toMinutes());
            if (at <= minute) {
                lastOut = now;
                return d.to();
            }
            scheduled.merge(at, d.to(), Math::max);
        } else if (d.action() == ScalingDecision.Action.SCALE_IN) {
            lastIn = now;
            return d.to();
        }
        return desired;
    }

    private void refit(FleetView view) {
        fittedAt = view.minute();
        double[] past = view.pastDemand();
        int buckets = past.length / step;
        int skip = past.length - buckets * step; // whole buckets ending now
        double[] perBucket = new double[buckets];
        for (int b = 0; b < buckets; b++) {
            for (int k = 0; k < step; k++) {
                perBucket[b] += past[skip + b * step + k] * MINUTE;
            }
        }
        try {
            forecast = model.forecast(new Series(epoch.getEpochSecond() + skip * MINUTE, step * MINUTE, perBucket),
                    (refitMinutes + lookaheadMinutes) / step + 1, settings.confidence());
        } catch (ForecastException e) {
            forecast = null;
            forecastFailures++;
        }
    }

    /** The forecast steps from {@code minute} on, {@code lookaheadMinutes} of them. */
    private Forecast window(int minute) {
        int offset = (minute - fittedAt) / step;
        int end = Math.min(forecast.horizon(), offset + Math.max(1, lookaheadMinutes / step));
        return new Forecast(forecast.model(), forecast.start() + offset * forecast.step(), forecast.step(),
                Arrays.copyOfRange(forecast.point(), offset, end), Arrays.copyOfRange(forecast.lower(), offset, end),
                Arrays.copyOfRange(forecast.upper(), offset, end), forecast.intervalWidth());
    }

    private List<ScalingInputs.Observation> observed(FleetView view) {
        List<ScalingInputs.Observation> list = new ArrayList<>();
        for (int m = Math.max(0, view.latestVisible() - 30); m <= view.latestVisible(); m++) {
            list.add(new ScalingInputs.Observation(epoch.plusSeconds(m * MINUTE), view.utilization(m)));
        }
        return list;
    }
}
