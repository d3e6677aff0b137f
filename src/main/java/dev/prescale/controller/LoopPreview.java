package dev.prescale.controller;

import dev.prescale.capacity.CapacityModel;
import dev.prescale.capacity.LoadSample;
import dev.prescale.capacity.RehearsalResults;
import dev.prescale.forecast.ForecastException;
import dev.prescale.profile.LoadProfile;
import dev.prescale.scaling.ScalingDecision;
import dev.prescale.store.TimeSeriesStore;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The loop, closed on a single rehearsal: after a run against the embedded shadow, fit the capacity model from its
 * per-second results and say, in dry-run, what capacity the profile's peak needs. This is what {@code mvn gatling:test}
 * shows out of the box; the controller does the same continuously, on forecasts.
 */
public final class LoopPreview {

    private static final double TARGET = 0.7;
    private static final double Z80 = 1.2816;

    private LoopPreview() {
    }

    /**
     * @param peakRps the profile's peak request rate as rehearsed (after intensity)
     * @return the line printed, or why there is none
     */
    public static String after(TimeSeriesStore store, String runId, LoadProfile profile, double peakRps) {
        List<LoadSample> samples = RehearsalResults.perSecond(store, runId, 6).stream()
                .filter(s -> s.utilization() < 0.95).toList();
        CapacityModel model;
        try {
            model = CapacityModel.fit(samples);
        } catch (ForecastException e) {
            return "Prescale loop: no capacity model from this run (" + e.getMessage() + ")";
        }
        int ran = samples.get(samples.size() - 1).instances();
        int needed = model.instancesNeeded(peakRps, TARGET, Z80);
        ScalingDecision d = new ScalingDecision(Instant.now(), "shadow", needed > ran
                ? ScalingDecision.Action.SCALE_OUT : needed < ran ? ScalingDecision.Action.SCALE_IN
                : ScalingDecision.Action.HOLD, ran, needed, -1, Instant.now(), "rehearsal-plan",
                String.format(Locale.ROOT, "profile %s peaks at %.1f req/s; fitted %.4f utilization per req/s per "
                                + "instance (+%.3f idle) from %d seconds of run %s; %d instances keep the peak under "
                                + "%.0f%% with the model's margin", profile.profileId(), peakRps, model.slope(),
                        model.intercept(), samples.size(), runId, needed, TARGET * 100), runId, true);
        store.write(d.toPoint("shadow"));
        return String.format(Locale.ROOT, "Prescale loop (dry-run): %s; would go %d -> %d instances before the peak",
                d.reason(), ran, needed);
    }
}
