package dev.prescale.forecast;

import dev.prescale.profile.LoadProfile;
import dev.prescale.profile.Priority;
import dev.prescale.profile.ResourceType;
import dev.prescale.profile.Slo;
import dev.prescale.simulation.InjectionOptions;
import dev.prescale.simulation.InjectionPlan;
import dev.prescale.simulation.InjectionPlanner;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ForecastProfilesTest {

    @Test
    void tomorrowsUpperBoundBecomesACompressedRehearsal() {
        Series history = ProphetModelTest.trendChange(30, 5);
        Forecast tomorrow = new ProphetModel(ProphetModel.Options.DEFAULTS.withPeriods(86_400))
                .forecast(history, 24, 0.8);

        LoadProfile upper = ForecastProfiles.toProfile("tomorrow-p90", tomorrow, ForecastProfiles.Bound.UPPER,
                ResourceType.CPU, Priority.CRITICAL, Slo.NONE);
        LoadProfile point = ForecastProfiles.toProfile("tomorrow", tomorrow, ForecastProfiles.Bound.POINT,
                ResourceType.CPU, Priority.CRITICAL, Slo.NONE);

        assertThat(upper.durationSeconds()).isEqualTo(86_400);
        assertThat(upper.totalRequests()).isCloseTo(Arrays.stream(tomorrow.upper()).sum(), within(1e-6));
        assertThat(point.totalRequests()).isCloseTo(Arrays.stream(tomorrow.point()).sum(), within(1e-6));
        assertThat(upper.totalRequests()).isGreaterThan(point.totalRequests());
        assertThat(upper.rateAt(3600 * 6 + 1800)).isCloseTo(tomorrow.upper()[6] / 3600, within(1e-9));

        InjectionPlan plan = InjectionPlanner.plan(upper, InjectionOptions.DEFAULTS.withTimeCompression(1440));
        assertThat(plan.runSeconds()).isEqualTo(60);
        assertThat((double) plan.plannedUsers()).isCloseTo(upper.totalRequests() / 1440, within(1.0));
    }
}
