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
 * <p>The shadow's service times are exponential, so a level's measured utilization carries sampling noise, and
 * extrapolating from three levels to a fourth amplifies it. With the storefront mix (browse, search and checkout drawn
 * at random, costs 1 to 8) the draw of the mix added as much noise again: 25-second levels predicted the fourth 3.5-10.2%
 * off (a failure on 2026-11-28), 20-second ones up to 10.2%. The test is of the capacity model, not of the mix, so the
 * requests are all browses: with the shadow's seeded service times the utilization per level is then nearly
 * repeatable, and 15-second levels predicted the fourth 1.0-1.7% off in four runs (2026-11-28). The levels are steps of
 * one rehearsal (one Gatling JVM), each level's first five seconds left out as it settles.
 */
class CapacityModelIT {

    static final Path RESULTS = Path.of("target", "capacity-it");
    static final int LEVEL_SECONDS = 15;
    static final int SETTLE_SECONDS = 5;

    @Test
    void predictsAFourthLoadLevelWithinTenPercent() throws Exception {
        Path profiles = Files.createDirectories(RESULTS.resolve("profiles"));
        Files.writeString(profiles.resolve("steps.yaml"), """
                profileId: steps
                resourceType: CPU
                duration: 60s
                pattern:
                  type: expression
                  expression: 30 * (1 + floor(t / 15))
                """);
        Path store = RESULTS.resolve("store-" + System.nanoTime());
        String runId = "capacity-steps";
        GatlingProcess.Result run = GatlingProcess.run("dev.prescale.simulations.ProfileSimulation", Map.of(
                "prescale.profileDb", profiles.toAbsolutePath().toString(), "prescale.profile", "steps",
                "prescale.compression", "1", "prescale.shadow.instances", "4", "prescale.mix", "GET /browse 100",
                "prescale.store.folder",
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
