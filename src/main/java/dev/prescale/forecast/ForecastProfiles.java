package dev.prescale.forecast;

import dev.prescale.profile.LoadProfile;
import dev.prescale.profile.Priority;
import dev.prescale.profile.RateTrace;
import dev.prescale.profile.ReplayPattern;
import dev.prescale.profile.ResourceType;
import dev.prescale.profile.Slo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Tier 2 (seed 000): tomorrow's traffic as a load profile, so {@code ProfileSimulation} rehearses it today. The
 * forecast of a request-count series (requests per step) becomes a replay of the chosen bound: the point forecast,
 * or the interval's upper bound to rehearse the busy side of what may come.
 */
public final class ForecastProfiles {

    /** Which line of the forecast to rehearse. */
    public enum Bound {POINT, UPPER}

    private ForecastProfiles() {
    }

    /**
     * @param forecast a forecast of requests per step
     * @param slo      the objective the rehearsal must meet
     */
    public static LoadProfile toProfile(String profileId, Forecast forecast, Bound bound, ResourceType resourceType,
                                        Priority priority, Slo slo) {
        double[] counts = bound == Bound.UPPER ? forecast.upper() : forecast.point();
        RateTrace trace = RateTrace.of(Instant.ofEpochSecond(forecast.start()), forecast.step(), counts);
        return new LoadProfile(profileId, resourceType, new ReplayPattern(trace, null, 1, null, null),
                Duration.ofSeconds(forecast.step() * counts.length), 1.0, priority, List.of(), slo);
    }
}
