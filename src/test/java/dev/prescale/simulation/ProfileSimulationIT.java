package dev.prescale.simulation;

import dev.prescale.profile.LoadProfile;
import dev.prescale.profile.ProfileFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Real, compressed Gatling runs of {@code ProfileSimulation} against the embedded shadow service on 127.0.0.1. Gatling
 * counts the requests and checks them against the profile's integral with its own assertion.
 */
class ProfileSimulationIT {

    static final Path RESULTS = Path.of("target", "gatling-it");
    /**
     * Long enough for a few hundred requests; MavenGatlingBuildIT covers a failing objective. Which pattern planned the
     * steps does not matter to how exactly Gatling sends them (InjectionPlannerTest checks every pattern's plan, a
     * replay's too), so one profile is run.
     */
    static final String RUN_LENGTH = "10s";
    static Path profiles;

    @BeforeAll
    static void writeProfiles() throws IOException {
        profiles = Files.createDirectories(RESULTS.resolve("profiles"));
        Files.writeString(profiles.resolve("wave.yaml"), """
                profileId: wave
                resourceType: CPU
                duration: 24h
                pattern:
                  type: peak-valley
                  period: 24h
                  peak: 60
                  trough: 6
                  phase: 14h
                """);
    }

    /** The profile is read from InfluxDB, where it was saved: mvn gatling:test -Dprescale.profileSource=influx. */
    @Test
    void peakValleyProfileStoredInInfluxDbSendsItsIntegralWithinTwoPercent() throws Exception {
        String database = dev.prescale.store.influx.InfluxServer.newDatabase();
        try (var influx = dev.prescale.store.influx.InfluxStore.connect(dev.prescale.store.influx.InfluxConfig.of(
                dev.prescale.store.influx.InfluxServer.url(), database))) {
            var stored = new dev.prescale.store.ProfileStore(influx, profiles);
            stored.save(ProfileFiles.open(profiles).byId("wave"), java.time.Instant.now());
            assertThat(influx.flush(Duration.ofSeconds(30))).isTrue();
        }
        Map<String, String> fromInflux = new HashMap<>(settings("wave", RUN_LENGTH));
        fromInflux.remove("prescale.profileDb");
        fromInflux.putAll(Map.of("prescale.profileSource", "influx", "prescale.influx.url",
                dev.prescale.store.influx.InfluxServer.url(), "prescale.influx.database", database));
        assertSendsItsIntegral("wave", fromInflux);
    }

    @Test
    void baselineTouchesEveryEndpointAndRecordsItsTier() throws Exception {
        Path store = RESULTS.resolve("baseline-store-" + System.nanoTime());
        GatlingProcess.Result result = GatlingProcess.run("dev.prescale.simulations.BaselineSimulation", Map.of(
                "prescale.baseline.rate", "6", "prescale.baseline.duration", "5s",
                "prescale.store.folder", store.toString(), "prescale.runId", "baseline-it"), RESULTS,
                Duration.ofMinutes(2));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.requestCount()).isEqualTo(30);
        try (var files = new dev.prescale.store.LineProtocolFileStore(null, store)) {
            var points = files.read("request_results", Map.of("run_id", "baseline-it", "tier", "baseline"),
                    java.time.Instant.EPOCH, java.time.Instant.parse("2100-01-01T00:00:00Z"));
            assertThat(points).extracting(p -> p.tag("request")).contains("browse", "search", "checkout");
            assertThat(points.stream().mapToDouble(p -> p.number("count")).sum()).isEqualTo(30);
        }
    }

    private void assertSendsItsIntegral(String profileId, Map<String, String> runSettings) throws Exception {
        LoadProfile profile = ProfileFiles.open(profiles).byId(profileId);
        RehearsalSettings settings = RehearsalSettings.from(runSettings);
        InjectionPlan plan = InjectionPlanner.plan(profile, settings.injectionOptions(profile.durationSeconds()));

        GatlingProcess.Result result = GatlingProcess.run("dev.prescale.simulations.ProfileSimulation",
                runSettings, RESULTS, Duration.ofMinutes(2));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.assertions()).anySatisfy(line -> assertThat(line)
                .startsWith("Global: count of all events is between").contains(": true"));
        assertThat((double) result.requestCount()).isCloseTo(plan.expectedRequests(),
                within(0.02 * plan.expectedRequests()));
        assertThat(plan.expectedRequests()).isGreaterThan(300); // enough traffic for 2% to mean something
    }

    private static Map<String, String> settings(String profileId, String runLength) {
        Map<String, String> p = new HashMap<>();
        p.put("prescale.profileDb", profiles.toAbsolutePath().toString());
        p.put("prescale.profile", profileId);
        p.put("prescale.runLength", runLength);
        p.put("prescale.assertCount", "0.02");
        return p;
    }
}
