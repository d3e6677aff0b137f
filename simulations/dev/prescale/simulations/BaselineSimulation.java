package dev.prescale.simulations;

import dev.prescale.profile.Slo;
import dev.prescale.simulation.Prescale;
import dev.prescale.simulation.Recording;
import dev.prescale.simulation.RehearsalSettings;
import dev.prescale.simulation.RehearsalTarget;
import io.gatling.javaapi.core.Simulation;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * Tier 1: constant, low-intensity traffic that takes every endpoint of the request mix in turn, to establish the
 * performance baseline the other tiers are compared with.
 *
 * <pre>
 * mvn gatling:test -Dgatling.simulationClass=dev.prescale.simulations.BaselineSimulation \
 *     -Dprescale.baseline.rate=5 -Dprescale.baseline.duration=2m
 * </pre>
 *
 * Objective by default: p95 under {@value #DEFAULT_P95_MS} ms and at most 1% errors, since a baseline that misses it
 * means the system is unhealthy before any load arrives; override with prescale.slo.*.
 */
public class BaselineSimulation extends Simulation {

    static final long DEFAULT_P95_MS = 1000;

    private final RehearsalSettings settings = RehearsalSettings.fromSystemProperties();
    private final RehearsalTarget target = RehearsalTarget.open(settings);
    private final Slo slo = new Slo(Duration.ofMillis(DEFAULT_P95_MS), 1.0).overriddenBy(settings.sloOverride());
    private final Recording recording = Recording.open(RehearsalSettings.configuration(), System.getenv(), target,
            getClass().getSimpleName(), null, Double.NaN, slo);

    {
        System.out.printf("Prescale: baseline %.1f requests/s for %s over %d endpoints against %s%n",
                settings.baselineRate(), settings.baselineDuration(), settings.mix().requests().size(),
                target.baseUrl());
        setUp(scenario("baseline").exec(settings.mix().eachInTurn(recording.recorder(), "baseline"))
                .injectOpen(constantUsersPerSec(settings.baselineRate()).during(settings.baselineDuration())))
                .protocols(Prescale.protocol(target.baseUrl()))
                .assertions(Prescale.sloAssertions(slo));
    }

    @Override
    public void after() {
        recording.close();
        target.close();
    }
}
