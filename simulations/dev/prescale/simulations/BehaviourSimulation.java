package dev.prescale.simulations;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prescale.behaviour.BehaviourProfile;
import dev.prescale.behaviour.BehaviourSettings;
import dev.prescale.shadow.ShadowConfig;
import dev.prescale.simulation.BehaviourRun;
import dev.prescale.simulation.BehaviourScenarios;
import dev.prescale.simulation.Prescale;
import dev.prescale.simulation.Recording;
import dev.prescale.simulation.RehearsalSettings;
import dev.prescale.simulation.RehearsalTarget;
import dev.prescale.profile.Slo;
import io.gatling.javaapi.core.Simulation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * User groups as sessions (seed 003): learned from an access log or read from the store, each group's sessions arrive
 * at its hourly rate and walk its resources with its think times, compressed into the run length.
 *
 * <pre>
 * mvn gatling:test -Dgatling.simulationClass=dev.prescale.simulations.BehaviourSimulation \
 *     -Dprescale.behaviour.log=access.log -Dprescale.runLength=2m
 * </pre>
 *
 * Against the embedded shadow, every page of the log is served (its catch-all endpoints). With
 * {@code prescale.behaviour.summary=FILE}, what each group did is written there as JSON.
 */
public class BehaviourSimulation extends Simulation {

    private final RehearsalSettings settings = RehearsalSettings.fromSystemProperties();
    private final Map<String, String> configuration = RehearsalSettings.configuration();
    private final BehaviourSettings behaviour = BehaviourSettings.from(configuration);
    private final BehaviourRun run = BehaviourRun.from(configuration);
    private final RehearsalTarget target = settings.target().isPresent() ? RehearsalTarget.open(settings)
            : RehearsalTarget.shadow(ShadowConfig.DEFAULTS.withInstances(settings.shadowInstances())
            .withEndpoints(ShadowConfig.STOREFRONT_AND_PAGES));
    private final Recording recording = Recording.open(configuration, System.getenv(), target,
            getClass().getSimpleName(), "behaviour", Double.NaN, settings.sloOverride());
    private final BehaviourProfile profile = run.profile(behaviour, recording.store());
    private final BehaviourScenarios.Tally tally = new BehaviourScenarios.Tally();

    {
        int hours = run.hoursOf(profile);
        double compression = settings.compression().orElse(hours * 3600.0 / settings.runLength().toSeconds());
        System.out.printf("Prescale: behaviour %s, %d groups %s, %d hours from %s compressed %.0fx into %.0f s, "
                        + "against %s%n", profile.name(), profile.groups().size(), profile.groups().keySet(), hours,
                run.from(profile), compression, hours * 3600 / compression, target.baseUrl());
        setUp(BehaviourScenarios.populations(profile, run.from(profile), hours, compression, recording.recorder(),
                tally, run.seed()))
                .protocols(Prescale.protocol(target.baseUrl()))
                .assertions(Prescale.sloAssertions(settings.sloOverride() == null ? Slo.NONE
                        : settings.sloOverride()));
    }

    @Override
    public void after() {
        Path summary = run.summary();
        if (summary != null) {
            try {
                Files.writeString(summary, new ObjectMapper().writeValueAsString(tally.summary()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the behaviour summary to " + summary, e);
            }
        }
        System.out.println("Prescale: behaviour sessions " + tally.summary().entrySet().stream().map(e -> e.getKey()
                + " " + e.getValue().get("sessions") + "/" + e.getValue().get("requests")).toList());
        recording.close();
        target.close();
    }
}
