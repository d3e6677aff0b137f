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
}
