package dev.prescale.controller;

import dev.prescale.anomaly.FleetWatch;
import dev.prescale.capacity.CapacityModel;
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
 */
public record ControllerConfig(String group, String historySeries, String utilizationRunId, Duration interval,
                               Duration horizon, Duration refitEvery, Duration rankEvery, CapacityModel capacity,
                               ScalingPolicy policy, AnomalyRule anomalyRule, FleetWatch.Settings watch) {

    /** With the default anomaly rule (hold scale-in) and watch settings. */
    public ControllerConfig(String group, String historySeries, String utilizationRunId, Duration interval,
                            Duration horizon, Duration refitEvery, Duration rankEvery, CapacityModel capacity,
                            ScalingPolicy policy) {
        this(group, historySeries, utilizationRunId, interval, horizon, refitEvery, rankEvery, capacity, policy,
                AnomalyRule.DEFAULT, FleetWatch.Settings.DEFAULTS);
    }

    public ControllerConfig withAnomalyRule(AnomalyRule rule) {
        return new ControllerConfig(group, historySeries, utilizationRunId, interval, horizon, refitEvery, rankEvery,
                capacity, policy, rule, watch);
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
    }
}
