package dev.prescale.capacity;

import dev.prescale.simulation.GatlingProcess;
import dev.prescale.store.LineProtocolFileStore;
import dev.prescale.store.Point;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Rehearse against the shadow service at four load levels, fit the capacity model from the recorded results of three,
 * and predict the utilization of the fourth, rehearsed but not fitted.
 *
 * <p>The shadow's service times are exponential, so a level's measured utilization carries sampling noise of about
 * 1/sqrt(requests in its steady window), and extrapolating from three levels to a fourth amplifies it. 14-second runs
 * at 15-60 requests/s on two instances left the prediction's spread near 8%, and a 10% check failed in CI about once
 * in five runs; levels at 30-120 requests/s on four instances (same load per instance) cut the noise by about 2x
 * with 20 steady seconds each (20-second levels predicted the fourth 3-6% off, 25-second ones 3.5-4%, 30-second ones
 * 0.5%; tried again 2026-11-27: 22-second levels 7.9% off, 20-second ones 10.2%, a failure). The levels are
 * 25-second steps of one rehearsal (one Gatling JVM instead of four), each level's first five seconds left out as it
 * settles.
 */
class CapacityModelIT {

    static final Path RESULTS = Path.of("target", "capacity-it");
    static final int LEVEL_SECONDS = 25;
    static final int SETTLE_SECONDS = 5;

    @Test
    void predictsAFourthLoadLevelWithinTenPercent() throws Exception {
        Path profiles = Files.createDirectories(RESULTS.resolve("profiles"));
        Files.writeString(profiles.resolve("steps.yaml"), """
                profileId: steps
                resourceType: CPU
                duration: 100s
                pattern:
                  type: expression
                  expression: 30 * (1 + floor(t / 25))
                """);
        Path store = RESULTS.resolve("store-" + System.nanoTime());
        String runId = "capacity-steps";
        GatlingProcess.Result run = GatlingProcess.run("dev.prescale.simulations.ProfileSimulation", Map.of(
                "prescale.profileDb", profiles.toAbsolutePath().toString(), "prescale.profile", "steps",
                "prescale.compression", "1", "prescale.shadow.instances", "4", "prescale.store.folder",
                store.toString(), "prescale.runId", runId), RESULTS, Duration.ofMinutes(3));
        assertThat(run.exitCode()).as(run.output()).isZero();
        List<Point> fleet;
        try (LineProtocolFileStore files = new LineProtocolFileStore(null, store)) {
            fleet = files.read("utilization", Map.of("run_id", runId, "instance", "fleet"), Instant.EPOCH,
                    Instant.parse("2262-01-01T00:00:00Z"));
        }
        assertThat(fleet).as(run.output()).hasSizeGreaterThan(4 * LEVEL_SECONDS - 10);
        Instant start = fleet.get(0).time();
        List<LoadSample> samples = new ArrayList<>();
        for (int level = 0; level < 4; level++) {
            Instant from = start.plusSeconds((long) level * LEVEL_SECONDS + SETTLE_SECONDS);
            Instant to = start.plusSeconds((long) (level + 1) * LEVEL_SECONDS - 1);
            List<Point> steady = fleet.stream().filter(p -> !p.time().isBefore(from) && p.time().isBefore(to))
                    .toList();
            assertThat(steady).as("level %d", level + 1).hasSizeGreaterThan(LEVEL_SECONDS / 2);
            samples.add(new LoadSample(steady.stream().mapToDouble(p -> p.number("rps")).average().orElseThrow(),
                    (int) Math.round(steady.stream().mapToDouble(p -> p.number("ready_instances")).average()
                            .orElseThrow()), steady.stream().mapToDouble(p -> p.number("cpu")).average().orElseThrow(),
                    Double.NaN));
        }

        CapacityModel model = CapacityModel.fit(samples.subList(0, 3));

        LoadSample fourth = samples.get(3);
        double predicted = model.utilizationAt(fourth.requestsPerSecond(), fourth.instances());
        String figures = String.format("capacity IT: samples %s; model %s; fourth level measured %.3f, predicted %.3f",
                samples, model, fourth.utilization(), predicted);
        System.out.println(figures);
        assertThat(predicted).as(figures).isCloseTo(fourth.utilization(), within(0.10 * fourth.utilization()));
        assertThat(fourth.requestsPerSecond()).as(figures).isCloseTo(120, within(12.0));
        assertThat(samples.get(0).requestsPerSecond()).as(figures).isCloseTo(30, within(3.0));
    }
}
