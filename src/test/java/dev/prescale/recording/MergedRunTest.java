package dev.prescale.recording;

import dev.prescale.profile.Slo;
import dev.prescale.store.LineProtocolFileStore;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shards judged as one run: counts summed, histograms added. Three injectors with different latencies, where the mean
 * of their 95th percentiles says the objective held and the 95th percentile of all their requests says it did not.
 */
class MergedRunTest {

    @TempDir
    Path folder;

    /** Shard 0: 500 at 20 ms; shard 1: 400 at 30 ms; shard 2: 100 at 700 ms. Of 1000, the slowest 10% are at 700 ms. */
    static final int[][] SHARDS = {{500, 20}, {400, 30}, {100, 700}};

    private void record(LineProtocolFileStore store, int shard, Slo slo, int errors) {
        RunRecorder r = new RunRecorder(store, new RunRecorder.RunInfo("big", "ProfileSimulation", "sale", 1000, slo,
                String.valueOf(shard)), Clock.systemUTC(), List::of);
        for (int i = 0; i < SHARDS[shard][0]; i++) {
            r.record("browse", "forecast", SHARDS[shard][1], i >= errors);
        }
        assertThat(r.finish(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void percentilesComeFromTheAddedHistogramsNeverFromAveragedOnes() throws Exception {
        Slo slo = new Slo(Duration.ofMillis(300), 1.0);
        try (LineProtocolFileStore store = new LineProtocolFileStore(null, folder.resolve("store"))) {
            for (int s = 0; s < 3; s++) {
                record(store, s, slo, s == 1 ? 5 : 0);
            }
            MergedRun run = MergedRun.read(store, "big", 3);

            Histogram all = new Histogram(3_600_000, 3);
            for (int[] shard : SHARDS) {
                all.recordValueWithCount(shard[1], shard[0]);
            }
            assertThat(run.missing()).isEmpty();
            assertThat(run.requests()).isEqualTo(1000);
            assertThat(run.errors()).isEqualTo(5);
            assertThat(run.p95Millis()).isEqualTo(all.getValueAtPercentile(95));
            double averagedP95 = (20 + 30 + 700) / 3.0; // 250 ms: under the limit
            assertThat(averagedP95).isLessThan(300);
            assertThat(run.p95Millis()).as("the run's true p95").isGreaterThan(600);
            assertThat(run.breaches()).isEqualTo(1);
            assertThat(run.passed()).isFalse();
            assertThat(run.verdict()).contains("FAILED").contains("1000 requests").contains("limit 300 ms");
        }
    }

    @Test
    void aShardWithoutSummaryFailsTheRunByName() throws Exception {
        Slo lenient = new Slo(Duration.ofSeconds(5), 5.0);
        try (LineProtocolFileStore store = new LineProtocolFileStore(null, folder.resolve("store"))) {
            record(store, 0, lenient, 0);
            record(store, 2, lenient, 0);

            MergedRun run = MergedRun.await(store, "big", 3, Duration.ofMillis(600), Clock.systemUTC());

            assertThat(run.missing()).containsExactly(1);
            assertThat(run.breaches()).isZero();
            assertThat(run.passed()).isFalse();
            assertThat(run.verdict()).contains("shards that did not report: [1]");
            store.write(run.toPoint(java.time.Instant.now()));
            store.flush(Duration.ofSeconds(5));
            assertThat(store.read("run_summary", java.util.Map.of("run_id", "big", "shard", MergedRun.MERGED),
                    java.time.Instant.EPOCH, java.time.Instant.now().plusSeconds(60))).singleElement()
                    .satisfies(p -> {
                        assertThat(p.text("missing_shards")).isEqualTo("[1]");
                        assertThat(p.number("requests")).isEqualTo(600.0);
                    });
        }
    }

    @Test
    void histogramsSurviveTheirTextForm() {
        Histogram h = new Histogram(3_600_000, 3);
        h.recordValueWithCount(12, 40);
        h.recordValue(2_500_000);
        Histogram back = LatencyHistograms.decode(LatencyHistograms.encode(h));
        assertThat(back.getTotalCount()).isEqualTo(41);
        assertThat(back.getMaxValue()).isEqualTo(h.getMaxValue());
        assertThat(back.getValueAtPercentile(50)).isEqualTo(h.getValueAtPercentile(50));
    }
}
