package dev.prescale.bench;

import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.Simulation;

import java.util.ArrayList;
import java.util.List;

import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/** The same wave as a Gatling user would write it by hand: one ramp per second between the curve's values. */
public class HandWrittenWaveSimulation extends Simulation {
    {
        List<OpenInjectionStep> steps = new ArrayList<>();
        for (int s = 0; s < OverheadWave.SECONDS; s++) {
            steps.add(rampUsersPerSec(OverheadWave.WAVE.rateAt(s, 0)).to(OverheadWave.WAVE.rateAt(s + 1, 0))
                    .during(1));
        }
        setUp(scenario("hand-written").exec(http("get").get("/browse")).injectOpen(steps))
                .protocols(http.baseUrl(OverheadWave.TARGET).shareConnections().disableWarmUp());
    }
}
