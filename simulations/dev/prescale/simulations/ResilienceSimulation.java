package dev.prescale.simulations;

import dev.prescale.simulation.Prescale;

import dev.prescale.config.Config;
import dev.prescale.resilience.ResilienceKeys;
import dev.prescale.resilience.ResilienceRehearsal;
import dev.prescale.resilience.ResilienceReport;
import dev.prescale.resilience.ResilienceRun;
import dev.prescale.shadow.ShadowConfig;
import dev.prescale.simulation.Recording;
import dev.prescale.simulation.RehearsalSettings;
import dev.prescale.simulation.RehearsalTarget;
import io.gatling.javaapi.core.Simulation;

import java.nio.file.Path;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * Seed 001's resilience report: a simulated issue stream played episode by episode on the shadow service, under
 * steady traffic, while the scaling loop runs as configured (compressed in time like the issues) and scales the
 * shadow fleet through the AWS SDK. Each episode is judged against the SLO: absorbed, recovered, or not recovered,
 * with what the loop did. The report is printed, written to {@code target/resilience/<run>.md}, and stored as
 * {@code resilience_episode} points.
 *
 * <pre>
 * mvn gatling:test -Dgatling.simulationClass=dev.prescale.simulations.ResilienceSimulation \
 *     -Dprescale.issues.history=profile-db/incidents/storefront.csv -Dprescale.issues.days=1 \
 *     -Dprescale.anomaly.response=add-capacity
 * </pre>
 *
 * Keys: see {@link ResilienceKeys} (issues, layout, rate, SLO, shadow fleet) and the controller's scaling and anomaly
 * keys. The rehearsal judges; it does not fail the build: read the report, or alert on the stored verdicts.
 */
public class ResilienceSimulation extends Simulation {

    private final RehearsalSettings settings = RehearsalSettings.fromSystemProperties();
    private final ResilienceRun run = ResilienceKeys.read(Config.current());
    private final RehearsalTarget target = RehearsalTarget.shadow(ShadowConfig.DEFAULTS
            .withInstances(run.instances()).withWarmUp(run.warmUp()));
    private final Recording recording = Recording.open(RehearsalSettings.configuration(), System.getenv(), target,
            getClass().getSimpleName(), run.plan().schedule().name(),
            run.rate() * run.plan().length().toSeconds(), run.slo());
    private final ResilienceRehearsal rehearsal;

    {
        if (recording.recorder() == null) {
            throw new IllegalArgumentException("a resilience rehearsal reads the loop's inputs from the store: "
                    + "prescale.store=none cannot work; use file (default) or influx");
        }
        rehearsal = ResilienceRehearsal.prepare(target.shadow().orElseThrow(), recording.store(),
                recording.recorder().run().runId(), run.plan(), run.slo(), run.loop(), run.rate());
        System.out.printf("Prescale: resilience rehearsal %s: %d episodes (%d issues not played) in %d s at %.0f "
                        + "req/s on %d shadow instances; the loop ticks every %d s%n", run.plan().schedule().name(),
                run.plan().episodes().size(), run.plan().skipped().size(), run.plan().length().toSeconds(),
                run.rate(), run.instances(), rehearsal.loop().interval().toSeconds());
        setUp(scenario("resilience " + run.plan().schedule().name())
                .exec(settings.mix().oneRequest(recording.recorder(), "resilience"))
                .injectOpen(constantUsersPerSec(run.rate()).during(run.plan().length())))
                .protocols(Prescale.protocol(target.baseUrl()));
    }

    @Override
    public void before() {
        recording.recorder().tap(rehearsal::response);
        rehearsal.start();
    }

    @Override
    public void after() {
        try {
            ResilienceReport report = rehearsal.finish();
            System.out.print(report.text());
            Path file = report.writeMarkdown(Path.of(RehearsalSettings.configuration().getOrDefault("prescale.resilience.reports",
                    "target/resilience"), report.runId() + ".md"));
            Path html = dev.prescale.resilience.ResilienceHtml.write(report, file.resolveSibling(report.runId()
                    + ".html"));
            System.out.println("Prescale: resilience report in " + file.toAbsolutePath() + " and " + html
                    .toAbsolutePath());
        } finally {
            rehearsal.close();
            recording.close();
            target.close();
        }
    }
}
