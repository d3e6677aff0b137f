package dev.prescale.store.influx;

import com.sun.net.httpserver.HttpServer;
import dev.prescale.store.Point;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The v2 write path on the wire: a local endpoint that answers like InfluxDB 2.x records exactly what
 * influxdb-client-java sends for Prescale's points.
 */
class InfluxV2WireTest {

    record Request(String method, String path, String query, String authorization, String contentType,
                   String body) {
    }

    @Test
    void writesLineProtocolToApiV2WriteWithOrgBucketPrecisionAndToken() throws Exception {
        List<Request> requests = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ping", exchange -> {
            exchange.getResponseHeaders().add("X-Influxdb-Version", "v2.7.10");
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/api/v2/write", exchange -> {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
            String body = "gzip".equals(encoding) ? gunzip(raw) : new String(raw, StandardCharsets.UTF_8);
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getQuery(), exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        InfluxConfig config = InfluxConfig.of("http://127.0.0.1:" + server.getAddress().getPort(), "prescale")
                .withToken("s3cr3t-token", "acme", "rehearsals");
        List<Point> points = List.of(
                Point.of("request_results", Instant.parse("2026-11-27T13:00:01Z")).tag("run_id", "r 1")
                        .tag("request", "browse").field("count", 12L).field("p95_ms", 41.5).build(),
                Point.of("run_summary", Instant.parse("2026-11-27T13:01:00Z")).tag("run_id", "r 1")
                        .field("note", "a \"quoted\" word").build());
        try (InfluxStore store = InfluxStore.connect(config)) {
            assertThat(store.api()).isEqualTo(InfluxConfig.Api.V2);
            store.write(points);
            assertThat(store.flush(Duration.ofSeconds(10))).isTrue();
        } finally {
            server.stop(0);
        }

        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/api/v2/write");
            assertThat(r.query()).contains("org=acme").contains("bucket=rehearsals").contains("precision=ms");
            assertThat(r.authorization()).isEqualTo("Token s3cr3t-token");
            assertThat(r.contentType()).startsWith("text/plain");
            assertThat(r.body().lines()).containsExactly(
                    "request_results,request=browse,run_id=r\\ 1 count=12i,p95_ms=41.5 1795784401000",
                    "run_summary,run_id=r\\ 1 note=\"a \\\"quoted\\\" word\" 1795784460000");
        });
        assertThat(config.toString()).doesNotContain("s3cr3t-token").contains("token=***");
    }

    private static String gunzip(byte[] raw) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw));
             ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
