package dev.prescale.bench;

import dev.prescale.simulation.GatlingProcess;
import dev.prescale.store.Point;
import dev.prescale.store.influx.InfluxConfig;
import dev.prescale.store.influx.InfluxStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark, not a test: (1) write throughput of {@link InfluxStore} into a real InfluxDB started by
 * profile-db/influxdb.sh, in points/s; (2) the live recorder's cost on a Gatling run: the same constant-rate profile
 * with recording off and recording to InfluxDB, alternately, as Gatling's throughput and p95.
 *
 * <p>Run: {@code mvn -Pbench verify} (both benchmarks of the bench profile run).
 */
public final class StoreBench {

    private static final Pattern THROUGHPUT = Pattern.compile("> mean throughput \\(rps\\)\\s*\\|\\s*([\\d.,]+)");

    public static void main(String[] args) throws Exception {
        Path folder = Path.of("target", "bench-influxdb");
        String url = script("start", folder);
        try {
            writeThroughput(url);
            recorderOverhead(url);
        } finally {
            script("stop", folder);
        }
    }

    private static void writeThroughput(String url) {
        int points = Integer.getInteger("prescale.bench.points", 300_000);
        for (int batch : new int[]{1_000, 5_000, 20_000}) {
            String db = "bench_" + batch;
            query(url, "CREATE DATABASE " + db);
            InfluxConfig config = InfluxConfig.of(url, db).withBuffer(points, batch, Duration.ofSeconds(5),
                    Path.of("target", "bench-spill.lp"));
            try (InfluxStore store = InfluxStore.connect(config)) {
                List<Point> all = new ArrayList<>(points);
                Instant t0 = Instant.parse("2026-11-27T00:00:00Z");
                for (int i = 0; i < points; i++) {
                    all.add(Point.of("request_results", t0.plusMillis(i * 10L)).tag("run_id", "bench")
                            .tag("request", i % 3 == 0 ? "search" : "browse").tag("tier", "forecast")
                            .field("count", (long) (i % 50)).field("errors", 0L).field("p95_ms", 12.5 + i % 7)
                            .field("p99_ms", 30.0).field("mean_ms", 9.1).build());
                }
                long start = System.nanoTime();
                store.write(all);
                boolean done = store.flush(Duration.ofMinutes(5));
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("write throughput, batch %,6d: %,d points in %.2f s = %,.0f points/s%s%n", batch,
                        points, seconds, points / seconds, done ? "" : " (NOT all stored)");
            }
        }
    }

    private static void recorderOverhead(String url) throws Exception {
        Path profiles = Files.createDirectories(Path.of("target", "bench", "profiles"));
        double rate = Double.parseDouble(System.getProperty("prescale.bench.recorderRate", "800"));
        Files.writeString(profiles.resolve("steady.yaml"), """
                profileId: steady
                resourceType: CPU
                duration: 30s
                pattern:
                  type: constant
                  rate: %s
                """.formatted(rate));
        query(url, "CREATE DATABASE bench_recorder");
        int rounds = Integer.getInteger("prescale.bench.rounds", 2);
        double off = 0;
        double on = 0;
        for (int round = 1; round <= rounds; round++) {
            for (String store : new String[]{"none", "influx"}) {
                Map<String, String> props = Map.of("prescale.profileDb", profiles.toAbsolutePath().toString(),
                        "prescale.profile", "steady", "prescale.compression", "1", "prescale.mix", "GET /browse 1",
                        "prescale.shadow.instances", "40", "prescale.store", store, "prescale.influx.url", url,
                        "prescale.influx.database", "bench_recorder");
                GatlingProcess.Result r = GatlingProcess.run("dev.prescale.simulations.ProfileSimulation", props,
                        Path.of("target", "bench", "recorder"), Duration.ofMinutes(3));
                if (r.exitCode() != 0) {
                    throw new IllegalStateException("run with store=" + store + " failed:\n" + r.output());
                }
                Matcher m = THROUGHPUT.matcher(r.output());
                double rps = m.find() ? Double.parseDouble(m.group(1).replace(",", "")) : Double.NaN;
                System.out.printf("  round %d recording %-6s requests %,d  throughput %.1f rps  p95 %d ms%n", round,
                        store, r.requestCount(), rps, r.p95Millis());
                if (store.equals("none")) {
                    off += rps;
                } else {
                    on += rps;
                }
            }
        }
        System.out.printf("recorder overhead at %.0f requests/s: throughput with/without recording = %.3f "
                + "(target >= 0.95)%n", rate, on / off);
    }

    private static String script(String command, Path folder) throws Exception {
        Process p = new ProcessBuilder("bash", "profile-db/influxdb.sh", command, folder.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("influxdb.sh " + command + " failed: " + out);
        }
        return out.lines().reduce((a, b) -> b).orElse("");
    }

    private static void query(String url, String statement) {
        try {
            var client = java.net.http.HttpClient.newHttpClient();
            client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/query?q="
                            + java.net.URLEncoder.encode(statement, java.nio.charset.StandardCharsets.UTF_8)))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            throw new IllegalStateException(statement + " failed", e);
        }
    }

    private StoreBench() {
    }
}
