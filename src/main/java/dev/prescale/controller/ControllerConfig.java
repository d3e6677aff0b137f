package dev.prescale.controller;

import dev.prescale.anomaly.FleetWatch;
import dev.prescale.capacity.CapacityModel;
import dev.prescale.scaling.PeakPolicy;
import dev.prescale.scaling.ScalingPolicy;

import java.time.Duration;

/**
 * What one controller runs: a scaling group, the traffic history it forecasts, and the rules it decides by.
 *
 * @param group            the Auto Scaling group or Application Auto Scaling resource id
 * @param historySeries    the {@code traffic_history} series whose future is forecast
 * @param utilizationRunId the {@code utilization} run id whose fleet samples are the observed utilization, or null
 * @param interval         time between ticks
 * @param horizon          how far ahead each tick looks
 * @param refitEvery       how often the forecast is refitted (ticks in between reuse it: that keeps a tick cheap)
 * @param rankEvery        how often the models are re-ranked by backtest
 * @param capacity         utilization as a function of per-instance load
 * @param policy           the scaling rules
 * @param anomalyRule      what an anomaly does to a decision
 * @param watch            how the observed fleet metrics are watched for anomalies
 * @param minutePeak       when set, capacity is sized by the minute-peak policy (recalibrated every {@code refitEvery})
 *                         instead of the forecast threshold rules; the forecast is still fitted and recorded
 */
public record ControllerConfig(String group, String historySeries, String utilizationRunId, Duration interval,
                               Duration horizon, Duration refitEvery, Duration rankEvery, CapacityModel capacity,
                               ScalingPolicy policy, AnomalyRule anomalyRule, FleetWatch.Settings watch,
                               MinutePeak minutePeak) {

    /**
     * Sizing by {@link PeakPolicy}: what one instance carries comes from the capacity model at the violation level.
     *
     * @param policy         the policy and its settings (quantile, warm-up, metric lag)
     * @param violationLevel the utilization above which a minute violates, 0..1
     */
    public record MinutePeak(PeakPolicy policy, double violationLevel) {

        public MinutePeak {
            if (policy == null || !(violationLevel > 0 && violationLevel <= 1)) {
                throw new IllegalArgumentException("minute-peak sizing needs a policy and a violation level in (0, 1], "
                        + "but had " + violationLevel);
            }
        }

        /** Requests per minute one instance carries at the violation level, by the capacity model. */
        double perInstance(CapacityModel capacity) {
            return 60 * capacity.rpsPerInstanceAt(violationLevel);
        }
    }

    /** With the anomaly rule and watch settings given, sized by the forecast policy. */
    public ControllerConfig(String group, String historySeries, String utilizationRunId, Duration interval,
                            Duration horizon, Duration refitEvery, Duration rankEvery, CapacityModel capacity,
                            ScalingPolicy policy, AnomalyRule anomalyRule, FleetWatch.Settings watch) {
        this(group, historySeries, utilizationRunId, interval, horizon, refitEvery, rankEvery, capacity, policy,
                anomalyRule, watch, null);
    }

    /** With the default anomaly rule (hold scale-in) and watch settings. */
    public ControllerConfig(String group, String historySeries, String utilizationRunId, Duration interval,
                            Duration horizon, Duration refitEvery, Duration rankEvery, CapacityModel capacity,
                            ScalingPolicy policy) {
        this(group, historySeries, utilizationRunId, interval, horizon, refitEvery, rankEvery, capacity, policy,
                AnomalyRule.DEFAULT, FleetWatch.Settings.DEFAULTS);
    }

    public ControllerConfig withAnomalyRule(AnomalyRule rule) {
        return new ControllerConfig(group, historySeries, utilizationRunId, interval, horizon, refitEvery, rankEvery,
                capacity, policy, rule, watch, minutePeak);
    }

    /** Sized by the minute-peak policy; null goes back to the forecast policy. */
    public ControllerConfig withMinutePeak(MinutePeak peak) {
        return new ControllerConfig(group, historySeries, utilizationRunId, interval, horizon, refitEvery, rankEvery,
                capacity, policy, anomalyRule, watch, peak);
    }

    public ControllerConfig {
        if (group == null || group.isBlank() || historySeries == null || historySeries.isBlank()) {
            throw new IllegalArgumentException("the controller needs a group and a history series");
        }
        for (Duration d : new Duration[]{interval, horizon, refitEvery, rankEvery}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("controller durations must be positive, but one was " + d);
            }
        }
        if (anomalyRule == null || watch == null) {
            throw new IllegalArgumentException("the controller needs an anomaly rule and watch settings");
        }
        if (minutePeak != null) {
            try {
                minutePeak.perInstance(capacity);
            } catch (dev.prescale.forecast.ForecastException e) {
                throw new IllegalArgumentException("minute-peak sizing needs what one instance carries at the "
                        + "violation level " + minutePeak.violationLevel() + ": " + e.getMessage(), e);
            }
        }
    }
}
