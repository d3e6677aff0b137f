package dev.prescale.simulation;

import dev.prescale.profile.LoadPattern;
import dev.prescale.profile.LoadProfile;
import dev.prescale.profile.Slo;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.OpenInjectionStep;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.prescale.simulation.InjectionPlannerTest.profile;
import static org.assertj.core.api.Assertions.assertThat;

/** Calls every public method of the DSL, so the API a user's simulation compiles against cannot break silently. */
class PrescaleDslTest {

    @Test
    void everyEntryPointWorksFromASimulation() {
        LoadProfile daily = Prescale.profile("storefront-daily");
        assertThat(Prescale.profiles().all()).extracting(LoadProfile::profileId).contains("storefront-daily");

        InjectionOptions options = Prescale.options().withTimeCompression(1440).withIntensity(0.5).withMaxSteps(50)
                .withMaxRate(1000);
        InjectionPlan plan = Prescale.plan(daily, options);
        List<OpenInjectionStep> fromOptions = Prescale.injection(daily, options);
        List<OpenInjectionStep> fromPlan = Prescale.injection(plan);
        List<OpenInjectionStep> realTime = Prescale.injection(profile(new LoadPattern.Constant(1),
                Duration.ofSeconds(5), 1));

        assertThat(fromOptions).hasSameSizeAs(fromPlan).hasSizeLessThanOrEqualTo(50);
        assertThat(GatlingSchedule.totalUsers(realTime, 5)).isEqualTo(5);

        List<Assertion> slo = Prescale.sloAssertions(new Slo(Duration.ofMillis(250), 1.0));
        assertThat(slo).hasSize(2);
        assertThat(Prescale.sloAssertions(Slo.NONE)).isEmpty();
        assertThat(Prescale.requestCountWithin(plan, 0.02).asScala().toString()).contains("Between")
                .contains(String.valueOf((long) Math.floor(plan.expectedRequests() * 0.98)));
    }
}
