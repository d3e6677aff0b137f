package dev.prescale.scaling;

import dev.prescale.capacity.CapacityModel;
import dev.prescale.forecast.Forecast;
import dev.prescale.profile.Priority;

import java.time.Instant;
import java.util.List;

/**
 * What a {@link ScalingPolicy} decides on, at one moment.
 *
 * @param current          the group's capacity now
 * @param traffic          forecast of requests per step, made at the policy's confidence
 * @param model            how utilization grows with per-instance load
 * @param surgeProbability probability of a surge in the forecast window (seed 003), NaN if unknown
 * @param priority         priority of the service the group runs
 * @param observed         measured fleet utilization, oldest first
 * @param lastScaleOut     when capacity was last raised, or null
 * @param lastScaleIn      when capacity was last lowered, or null
 * @param forecastRef      which forecast this is (model, run), for the decision's record
 * @param surgeCause       what the surge probability comes from (the group deviating and by how much), or empty
 */
public record ScalingInputs(String group, Capacity current, Forecast traffic, CapacityModel model,
                            double surgeProbability, Priority priority, List<Observation> observed,
                            Instant lastScaleOut, Instant lastScaleIn, String forecastRef, String surgeCause) {

    /** Without a named cause for the surge probability. */
    public ScalingInputs(String group, Capacity current, Forecast traffic, CapacityModel model,
                         double surgeProbability, Priority priority, List<Observation> observed,
                         Instant lastScaleOut, Instant lastScaleIn, String forecastRef) {
        this(group, current, traffic, model, surgeProbability, priority, observed, lastScaleOut, lastScaleIn,
                forecastRef, "");
    }

    /** A measured utilization, 0..1 (NaN when the sample failed). */
    public record Observation(Instant time, double utilization) {
    }

    public ScalingInputs {
        observed = List.copyOf(observed);
        forecastRef = forecastRef == null ? "" : forecastRef;
        surgeCause = surgeCause == null ? "" : surgeCause;
    }
}
