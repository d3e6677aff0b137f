package dev.prescale.recording;

import dev.prescale.profile.Slo;
import dev.prescale.store.LineProtocolFileStore;
import dev.prescale.store.Point;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RunRecorderTest {

    @TempDir
    Path folder;

    /** 100 requests: 90 at 40 ms, 10 at 900 ms, {@code failed} of the fast ones failed; p95 is then 900 ms. */
    Point summaryOf(Slo slo, int failed) {
        try (LineProtocolFileStore store = new LineProtocolFileStore(null, folder.resolve("s" + System.nanoTime()))) {
            RunRecorder recorder = new RunRecorder(store, new RunRecorder.RunInfo("r1", "Test", "p", 100, slo),
                    Clock.systemUTC(), List::of);
            for (int i = 0; i < 100; i++) {
                recorder.record("browse", "forecast", i < 90 ? 40 : 900, i >= failed);
            }
            assertThat(recorder.finish(Duration.ofSeconds(5))).isTrue();
            return store.read("run_summary", Map.of("run_id", "r1"), Instant.EPOCH, Instant.now().plusSeconds(60))
                    .get(0);
        }
    }

    @Test
    void theSummaryCountsEachMissedLimitOfTheObjective() {
        Point latencyMissed = summaryOf(new Slo(Duration.ofMillis(500), 5.0), 2);
        Point bothMissed = summaryOf(new Slo(Duration.ofMillis(500), 1.0), 2);
        Point passed = summaryOf(new Slo(Duration.ofMillis(1000), 5.0), 2);

        assertThat(latencyMissed.number("slo_breaches")).isEqualTo(1.0);
        assertThat(latencyMissed.number("slo_p95_ms")).isEqualTo(500.0);
        assertThat(latencyMissed.number("slo_max_error_pct")).isEqualTo(5.0);
        assertThat(bothMissed.number("slo_breaches")).isEqualTo(2.0);
        assertThat(passed.number("slo_breaches")).isZero();
    }

    @Test
    void aRunWithoutObjectiveRecordsNoLimitsAndNoBreach() {
        Point none = summaryOf(Slo.NONE, 50);

        assertThat(none.number("slo_breaches")).isZero();
        assertThat(none.number("slo_p95_ms")).isNull();
        assertThat(none.number("slo_max_error_pct")).isNull();
    }

    @Test
    void responsesWithTheirCostBecomeLoadSignaturesPerSecondAndEndpoint() {
        try (LineProtocolFileStore store = new LineProtocolFileStore(null, folder.resolve("sig"))) {
            RunRecorder recorder = new RunRecorder(store, new RunRecorder.RunInfo("r2", "Test", "p", 30, Slo.NONE),
                    Clock.systemUTC(), List::of);
            for (int i = 0; i < 20; i++) {
                recorder.record("browse", "forecast", 40, true, new RunRecorder.Cost("GET", "/browse", 200, 6_000,
                        "cpu;dur=40;desc=\"service\", mem;desc=\"4MB\""));
            }
            for (int i = 0; i < 10; i++) {
                recorder.record("checkout", "forecast", 300, i > 0, new RunRecorder.Cost("POST", "/checkout",
                        i > 0 ? 200 : 503, 1_200, i > 0 ? "cpu;dur=320, mem;desc=\"32MB\"" : null));
            }
            recorder.record("browse", "forecast", 40, true); // no cost given: results only
            assertThat(recorder.finish(Duration.ofSeconds(5))).isTrue();

            List<Point> signatures = store.read("load_signature", Map.of("origin", "run:r2"), Instant.EPOCH,
                    Instant.now().plusSeconds(60));
            Map<String, Double> count = new java.util.TreeMap<>();
            Map<String, Double> cpu = new java.util.TreeMap<>();
            Map<String, Double> mem = new java.util.TreeMap<>();
            Map<String, Double> bytes = new java.util.TreeMap<>();
            for (Point p : signatures) {
                assertThat(p.tags()).containsEntry("source", "forecast");
                count.merge(p.tags().get("endpoint"), p.number("count"), Double::sum);
                cpu.merge(p.tags().get("endpoint"), p.number("cpu_ms"), Double::sum);
                mem.merge(p.tags().get("endpoint"), p.number("mem_mb"), Double::sum);
                bytes.merge(p.tags().get("endpoint"), p.number("bytes_sum"), Double::sum);
            }
            assertThat(count).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("GET /browse", 20.0,
                    "POST /checkout", 10.0)));
            assertThat(cpu).containsEntry("GET /browse", 800.0).containsEntry("POST /checkout", 9 * 320.0);
            assertThat(mem).containsEntry("GET /browse", 80.0).containsEntry("POST /checkout", 9 * 32.0);
            assertThat(bytes).containsEntry("GET /browse", 120_000.0).containsEntry("POST /checkout", 12_000.0);
        }
    }
}
