package com.example.load;

import dev.prescale.profile.LoadProfile;
import dev.prescale.simulation.InjectionPlan;
import dev.prescale.simulation.Prescale;
import dev.prescale.simulation.RehearsalSettings;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.Simulation;

import java.util.ArrayList;
import java.util.List;

import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The team's own scenario (their endpoints, their checks) driven by a Prescale profile: the profile's arrival rate,
 * time-compressed to the run length, and its objective as Gatling assertions. Which profile, from where, against what
 * and for how long come from Prescale's configuration (-Dprescale.*, PRESCALE_* or a file named by PRESCALE_CONFIG).
 */
public class StorefrontSimulation extends Simulation {

    private final RehearsalSettings settings = RehearsalSettings.fromSystemProperties();
    private final LoadProfile profile = Prescale.profile(settings.profileId());
    private final InjectionPlan plan = Prescale.plan(profile, settings.injectionOptions(profile.durationSeconds()));

    {
        String target = settings.target().orElseThrow(() -> new IllegalArgumentException(
                "set prescale.target to the service under test, e.g. -Dprescale.target=http://127.0.0.1:8080"))
                .toString();
        System.out.printf("storefront: profile %s, %.0f requests expected%n", profile.profileId(),
                plan.expectedRequests());
        List<Assertion> assertions = new ArrayList<>(Prescale.sloAssertions(profile.slo()));
        assertions.add(Prescale.requestCountWithin(plan, 0.0));
        setUp(scenario("storefront " + profile.profileId())
                .exec(http("browse").get("/browse").check(status().is(200)))
                .injectOpen(Prescale.injection(plan)))
                .protocols(Prescale.protocol(target)) // Gatling's warm-up call to gatling.io off
                .assertions(assertions);
    }
}
