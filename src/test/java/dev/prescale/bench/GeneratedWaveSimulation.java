package dev.prescale.bench;

import dev.prescale.simulation.Prescale;
import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/** The wave as Prescale generates it. */
public class GeneratedWaveSimulation extends Simulation {
    {
        setUp(scenario("generated").exec(http("get").get("/browse"))
                .injectOpen(Prescale.injection(OverheadWave.profile())))
                .protocols(http.baseUrl(OverheadWave.TARGET).shareConnections().disableWarmUp());
    }
}
