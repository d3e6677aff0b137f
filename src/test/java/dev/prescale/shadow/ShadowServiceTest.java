package dev.prescale.shadow;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The shadow service over real HTTP on 127.0.0.1. */
class ShadowServiceTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void answersHealthMetricsAndExplains404() throws Exception {
        try (ShadowService service = ShadowService.start(ShadowConfig.DEFAULTS)) {
            assertThat(service.baseUri().getHost()).isEqualTo("127.0.0.1");
            assertThat(get(service, "/health").statusCode()).isEqualTo(200);

            HttpResponse<String> browse = get(service, "/browse");
            assertThat(browse.statusCode()).isEqualTo(200);
            assertThat(browse.body()).contains("\"endpoint\":\"browse\"");

            HttpResponse<String> missing = get(service, "/admin");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).contains("GET /browse").contains("/metrics");

            ShadowMetrics metrics = JSON.readValue(get(service, "/metrics").body(), ShadowMetrics.class);
            assertThat(metrics.instances()).isEqualTo(2);
            assertThat(metrics.totalRequests()).isEqualTo(1);
        }
    }

    @Test
    void everyAnswerReportsItsTrueCostThroughServerTimingAndHasItsEndpointsSize() throws Exception {
        try (ShadowService service = ShadowService.start(ShadowConfig.DEFAULTS.withWarmUp(Duration.ZERO)
                .withCapacity(1_000, 4))) {
            double browseMs = 0;
            double checkoutMs = 0;
            for (int i = 0; i < 40; i++) {
                HttpResponse<String> browse = get(service, "/browse");
                HttpResponse<String> checkout = client.send(HttpRequest.newBuilder(
                        service.baseUri().resolve("/checkout")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(browse.body()).hasSize(6_000);
                assertThat(checkout.body()).hasSize(1_200);
                assertThat(browse.headers().firstValue("Server-Timing")).get().asString()
                        .matches("cpu;dur=[0-9.]+;desc=\"service\", mem;desc=\"4MB\"");
                assertThat(checkout.headers().firstValue("Server-Timing")).get().asString().contains("mem;desc=\"32MB\"");
                browseMs += cpuMillis(browse);
                checkoutMs += cpuMillis(checkout);
            }
            // mean service time is cost x workers / capacity: 4 ms for a browse, 32 ms for a checkout; 40 draws
            // of an exponential keep the mean within about 50% at 3 sigma
            assertThat(browseMs / 40).isBetween(2.0, 6.0);
            assertThat(checkoutMs / 40).isBetween(16.0, 48.0);
        }
    }

    private static double cpuMillis(HttpResponse<String> r) {
        String header = r.headers().firstValue("Server-Timing").orElseThrow();
        return Double.parseDouble(header.substring("cpu;dur=".length(), header.indexOf(';', 4)));
    }

    @Test
    void instanceCountChangesAtRuntimeWithWarmUp() throws Exception {
        try (ShadowService service = ShadowService.start(ShadowConfig.DEFAULTS.withWarmUp(Duration.ofMinutes(5)))) {
            service.scaleTo(4);
            ShadowMetrics metrics = JSON.readValue(get(service, "/metrics").body(), ShadowMetrics.class);

            assertThat(metrics.instances()).isEqualTo(4);
            assertThat(metrics.readyInstances()).isEqualTo(2);
            assertThat(metrics.perInstance()).extracting(ShadowMetrics.InstanceMetrics::state)
                    .containsExactly("READY", "READY", "WARMING", "WARMING");
        }
    }

    @Test
    void latencyRisesAndErrorsAppearPastCapacity() throws Exception {
        // one instance, 2 workers, 50 units/s: a browse takes 40 ms on average and the instance serves 50/s
        ShadowConfig small = ShadowConfig.DEFAULTS.withInstances(1).withCapacity(50, 2)
                .withMaxQueueWait(Duration.ofMillis(500));
        Load light;
        Load heavy;
        try (ShadowService service = ShadowService.start(small)) {
            light = send(service, 10, 40);
        }
        try (ShadowService service = ShadowService.start(small)) {
            heavy = send(service, 150, 450);
        }

        assertThat(light.errors()).isZero();
        assertThat(light.p95Millis()).isLessThan(400);
        assertThat(heavy.errors()).as("503s at three times capacity").isGreaterThan(heavy.total() / 3);
        assertThat(heavy.p95Millis()).isGreaterThan(2 * light.p95Millis());
    }

    record Load(int total, int errors, long p95Millis) {
    }

    /** Sends {@code total} GET /browse at {@code perSecond}, evenly spaced, and waits for every answer. */
    private Load send(ShadowService service, int perSecond, int total) throws Exception {
        List<CompletableFuture<long[]>> answers = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + (long) (i * 1e9 / perSecond);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            long sent = System.nanoTime();
            answers.add(client.sendAsync(request(service, "/browse"), HttpResponse.BodyHandlers.discarding())
                    .thenApply(r -> new long[]{r.statusCode(), (System.nanoTime() - sent) / 1_000_000}));
        }
        List<Long> okLatencies = new ArrayList<>();
        int errors = 0;
        for (CompletableFuture<long[]> answer : answers) {
            long[] a = answer.get();
            if (a[0] == 200) {
                okLatencies.add(a[1]);
            } else {
                errors++;
            }
        }
        Collections.sort(okLatencies);
        return new Load(total, errors, okLatencies.get((int) (okLatencies.size() * 0.95)));
    }

    private HttpResponse<String> get(ShadowService service, String path) throws Exception {
        return client.send(request(service, path), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(ShadowService service, String path) {
        return HttpRequest.newBuilder(URI.create(service.baseUri() + path)).timeout(Duration.ofSeconds(30)).build();
    }
}
