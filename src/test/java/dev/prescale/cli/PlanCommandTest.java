package dev.prescale.cli;

import dev.prescale.store.LineProtocolFileStore;
import dev.prescale.store.Point;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.prescale.cli.IssuesCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

class PlanCommandTest {

    static final Instant START = Instant.parse("2026-11-28T10:00:00Z");

    /**
     * A rehearsal of 60 s rising from 20 to 79 req/s, 5% checkouts, on 2 instances of 4 cores: a browse costs 40 ms
     * and 4 MB, a checkout 320 ms and 32 MB; each second's utilization is what its 5-second window's requests cost.
     */
    static void rehearsal(Path folder) {
        try (LineProtocolFileStore store = new LineProtocolFileStore(null, folder)) {
            List<Point> points = new ArrayList<>();
            long[] browses = new long[60];
            long[] checkouts = new long[60];
            for (int s = 0; s < 60; s++) {
                checkouts[s] = Math.round((20 + s) * 0.05);
                browses[s] = 20 + s - checkouts[s];
                Instant t = START.plusSeconds(s);
                points.add(signature(t, "GET /browse", browses[s], 40, 4, 6_000));
                points.add(signature(t, "POST /checkout", checkouts[s], 320, 32, 1_200));
                if (s >= 5) {
                    double load = 0;
                    double held = 0;
                    for (int w = s - 5; w < s; w++) {
                        load += (browses[w] * 0.040 + checkouts[w] * 0.320) / 5;
                        held += (browses[w] * 4 * 0.040 + checkouts[w] * 32 * 0.320) / 5;
                    }
                    points.add(Point.of("utilization", t).tag("run_id", "r1").tag("instance", "fleet")
                            .field("cpu", 0.02 + load / 2 / 4).field("memory_mb", 2 * 256 + 1.5 * held)
                            .field("ready_instances", 2L).field("rps", (double) (20 + s)).build());
                }
            }
            store.write(points);
            assertThat(store.flush(Duration.ofSeconds(10))).isTrue();
        }
    }

    static Point signature(Instant t, String endpoint, long count, double cpuMs, double memMb, long bytes) {
        return Point.of("load_signature", t).tag("origin", "run:r1").tag("source", "forecast").tag("endpoint", endpoint)
                .field("count", count).field("cost_reported", count).field("cpu_ms", count * cpuMs)
                .field("mem_mb", count * memMb).field("bytes_sum", count * bytes).build();
    }

    @Test
    void plansTheBindingResourceAndTheCheapestTypeAndRecordsBoth(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        rehearsal(store);
        Path config = Files.writeString(dir.resolve("prescale.yaml"), """
                store: file
                store.folder: %s
                capacity.instancetypes: "shadow:0.1:4:0.5:1, big:0.15:8:1:2"
                capacity.instancetype: shadow
                """.formatted(store));

        IssuesCommandTest.Run plan = run("plan", "-c", config.toString(), "--run", "r1", "--peak",
                "GET /browse 420, POST /checkout 180");

        assertThat(plan.exit()).as(plan.err()).isZero();
        // CPU: (420 x 0.04 + 180 x 0.32) / 4 cores over 0.70 - 0.02 of room = 27.4 -> 28; memory needs 19
        assertThat(plan.out()).contains("on shadow").contains("28 x shadow, $2.800/h; binding CPU (CPU 28, MEMORY 19,"
                + " NETWORK 1)").contains("cheapest: 14 x big, $2.100/h").contains("complexity");
        try (LineProtocolFileStore files = new LineProtocolFileStore(null, store)) {
            Instant end = Instant.now().plusSeconds(60);
            assertThat(files.read("resource_plan", Map.of("run_id", "r1"), Instant.EPOCH, end)).singleElement()
                    .satisfies(p -> {
                        assertThat(p.tags()).containsEntry("binding", "cpu").containsEntry("instance_type", "shadow");
                        assertThat(p.number("instances")).isEqualTo(28.0);
                        assertThat(p.text("cheapest_type")).isEqualTo("big");
                    });
            assertThat(files.read("endpoint_cost", Map.of("origin", "run:r1"), Instant.EPOCH, end))
                    .extracting(p -> p.tags().get("endpoint")).containsExactlyInAnyOrder("GET /browse",
                            "POST /checkout");
        }
    }

    @Test
    void aBadPeakOrARunWithoutSignaturesSaysWhatToDo(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        rehearsal(store);
        Path config = Files.writeString(dir.resolve("prescale.yaml"), "store: file\nstore.folder: " + store + "\n");

        IssuesCommandTest.Run badPeak = run("plan", "-c", config.toString(), "--run", "r1", "--peak", "GET /browse");
        IssuesCommandTest.Run noRun = run("plan", "-c", config.toString(), "--run", "r9", "--peak", "GET /browse 10");

        assertThat(badPeak.exit()).isNotZero();
        assertThat(badPeak.err()).contains("'GET /browse'").contains("METHOD /path requests-per-second");
        assertThat(noRun.exit()).isNotZero();
        assertThat(noRun.err()).contains("run r9 has no load_signature points");
    }
}
