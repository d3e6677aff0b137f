package dev.prescale.simulation;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Gatling run of {@code BaselineSimulation} (tier 1) against the embedded shadow service on 127.0.0.1. How exactly
 * a profile's plan is sent is checked by {@code ExampleProjectIT} (a profile read from InfluxDB, Gatling's count equal
 * to the plan's) and {@code AppJarIT} (the shipped ProfileSimulation run from the jar).
 */
class BaselineSimulationIT {

    static final Path RESULTS = Path.of("target", "gatling-it");

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
}
