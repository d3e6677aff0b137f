package dev.prescale.resilience;

import dev.prescale.simulation.GatlingLauncher;
import dev.prescale.store.Point;
import dev.prescale.store.influx.InfluxConfig;
import dev.prescale.store.influx.InfluxServer;
import dev.prescale.store.influx.InfluxStore;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resilience rehearsal with real parts: ResilienceSimulation in its own Gatling JVM sends 60 requests/s to three
 * shadow instances (about 40% busy; p95 200-300 ms) and records to InfluxDB, while a two-issue stream plays, compressed 25x: +40 ms
 * on every response for three minutes, then two of the three instances crashing for eight. The loop runs with the
 * add-capacity anomaly rule, through the AWS SDK against the shadow's endpoint. The latency episode must be absorbed
 * under a 600 ms p95 and 1% errors; the crash must break the SLO, and the loop's scale-out must bring it back before the crash
 * is over.
 */
class ResilienceIT {

    @Test
    void theReportSaysWhichIssuesThePolicyAbsorbsAndWhatTheLoopDid() throws Exception {
        Path folder = Files.createDirectories(Path.of("target", "resilience-it"));
        Path stream = folder.resolve("two-issues.json");
        Files.writeString(stream, """
                [{"start": "2026-06-01T10:00:00Z", "end": "2026-06-01T10:03:00Z", "component": "fleet",
                  "type": "latency", "magnitude": 40},
                 {"start": "2026-06-01T11:00:00Z", "end": "2026-06-01T11:08:00Z", "component": "fleet",
                  "type": "crash", "magnitude": 2, "severity": "critical", "origin": "tail"}]""");
        String db = InfluxServer.newDatabase();
        Map<String, String> p = new HashMap<>();
        p.put("prescale.store", "influx");
        p.put("prescale.influx.url", InfluxServer.url());
        p.put("prescale.influx.database", db);
        p.put("prescale.runId", "resilience-it");
        p.put("prescale.issues.stream", stream.toAbsolutePath().toString());
        // 25x: the 8-minute crash lasts 19.2 s, time for the watch to see it (3-8 s measured), the scale-out, the 5-s
        // warm-up and the SLO's settling; at 30x (16 s) the breach outlasted the crash in 2 of 5 runs. (A 2-s warm-up
        // instead let the new instances arrive before any breach: the crash was absorbed.)
        p.put("prescale.resilience.compression", "25");
        p.put("prescale.resilience.lead", "8s");
        p.put("prescale.resilience.recoverwithin", "6s");
        p.put("prescale.resilience.settle", "6s");
        p.put("prescale.resilience.rate", "60");
        p.put("prescale.shadow.instances", "3");
        p.put("prescale.slo.p95", "600ms"); // the request mix runs at 200-300 ms p95 when all is well
        p.put("prescale.slo.maxerrorrate", "1%");
        p.put("prescale.anomaly.response", "add-capacity");
        p.put("prescale.anomaly.extra", "100");
        p.put("prescale.scaling.max", "8");
        p.put("prescale.resilience.reports", folder.toAbsolutePath().toString());

        GatlingLauncher.Outcome outcome = GatlingLauncher.run("dev.prescale.simulations.ResilienceSimulation", p,
                folder.resolve("gatling"), Duration.ofMinutes(3));
        String output = outcome.output();
        System.out.println(output.lines().filter(l -> l.startsWith("Prescale") || l.matches("^\\s*\\d+ .*")
                || l.contains("loop:") || l.contains("anomaly:") || l.contains("episodes:")).reduce("",
                (a, b) -> a + b + "\n"));
        assertThat(outcome.exitCode()).as(output).isZero();

        List<Point> episodes;
        try (InfluxStore store = InfluxStore.connect(InfluxConfig.of(InfluxServer.url(), db))) {
            episodes = store.read("resilience_episode", Map.of("run_id", "resilience-it"), Instant.EPOCH,
                    Instant.now().plus(Duration.ofDays(1))).stream()
                    .sorted(Comparator.comparing(e -> e.tags().get("episode"))).toList();
        }
        assertThat(episodes).as(output).hasSize(2);
        Point latency = episodes.get(0);
        Point crash = episodes.get(1);

        assertThat(latency.tags().get("verdict")).as(output).isEqualTo("absorbed");
        assertThat(latency.number("during_p95_ms")).as(output).isLessThan(600.0);
        assertThat(latency.number("during_error_pct")).isLessThan(1.0);

        assertThat(crash.tags().get("verdict")).as(output).isEqualTo("recovered");
        assertThat(crash.tags().get("severity")).isEqualTo("critical");
        // One instance left for the load of two breaks the SLO: by latency when the lost instances' requests queue
        // on the survivor, or by errors when they fail fast (CI once saw 196 ms and errors over 1% as the loop scaled
        // out early). Either is the breach the rehearsal must show; the loop must then end it.
        assertThat(crash.number("during_p95_ms") > 600.0 || crash.number("during_error_pct") > 1.0)
                .as("the crash breaks the SLO: %s", output).isTrue();
        assertThat(crash.number("slo_back_after_s")).as(output).isGreaterThan(0.0);
        assertThat(crash.number("after_error_pct")).as(output).isLessThan(1.0);
        assertThat(crash.number("after_p95_ms")).as(output).isLessThan(600.0);
        assertThat(crash.text("actions")).as(output).contains("SCALE_OUT 3→6");
        assertThat(crash.number("fleet_after")).isEqualTo(6.0);
        // The scale-out ends the breach while the 19.2-s crash lasts: fewer seconds breached than the crash is long
        // (without the loop every second of it breaks the SLO). Not "slo_back_after_s < 19.2": that is when the SLO
        // held for good, which a later breach of its own moves (seen once in a full suite, 2026-11-28: back after
        // 30 s, one breach near the slot's end, the crash long over, p95 after it 297 ms).
        assertThat(crash.number("seconds_breached")).as("seconds breached, of the 19.2-s crash: %s", output)
                .isLessThan(19.2);
        assertThat(folder.resolve("resilience-it.md")).content().contains("| 2 | RECOVERED | crash on fleet");
        assertThat(folder.resolve("resilience-it.html")).content().contains("<td class=\"pass\">recovered</td>")
                .contains("data-label=\"fault, recovered\"").contains("SCALE_OUT 3→6");
    }
}
