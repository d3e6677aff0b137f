package dev.prescale.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prescale.profile.LoadPattern;
import dev.prescale.profile.LoadProfile;
import dev.prescale.profile.Priority;
import dev.prescale.profile.ResourceType;
import dev.prescale.store.Point;
import dev.prescale.store.ProfileStore;
import dev.prescale.store.influx.InfluxConfig;
import dev.prescale.store.influx.InfluxServer;
import dev.prescale.store.influx.InfluxStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The HTTP API on 127.0.0.1 over a real InfluxDB, driving real Gatling runs against the embedded shadow service. */
class ApiIT {

    static final String TOKEN = "it-token-0123456789abcdef";
    static final ObjectMapper JSON = new ObjectMapper();

    InfluxStore store;
    ApiServer api;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        String db = InfluxServer.newDatabase();
        store = InfluxStore.connect(InfluxConfig.of(InfluxServer.url(), db));
        ProfileStore profiles = new ProfileStore(store, Path.of("."));
        profiles.save(new LoadProfile("steady-api", ResourceType.CPU, new LoadPattern.Constant(15),
                Duration.ofSeconds(50), 1, Priority.BUSINESS, List.of(), null), Instant.now());
        store.flush(Duration.ofSeconds(10));
        api = ApiServer.start("127.0.0.1", 0, false, TOKEN, profiles, store, new LoadRuns(Path.of("target",
                "api-it"), Map.of("prescale.store", "influx", "prescale.influx.url", InfluxServer.url(),
                "prescale.influx.database", db)));
    }

    @AfterEach
    void stop() {
        api.close();
        store.close();
    }

    HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(api.baseUri().resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void tokensAreRequiredAndBadBodiesNameTheField() throws Exception {
        assertThat(api.baseUri().getHost()).isEqualTo("127.0.0.1");
        assertThat(call("GET", "/health", null, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/profiles", null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/profiles", "wrong-token-0123456789", null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/profiles", TOKEN, null).body()).contains("steady-api");

        HttpResponse<String> badPattern = call("PUT", "/profiles/broken", TOKEN,
                "{\"resourceType\": \"CPU\", \"duration\": \"1m\", \"pattern\": {\"type\": \"zigzag\"}}");
        HttpResponse<String> badRate = call("PUT", "/profiles/broken", TOKEN,
                "{\"resourceType\": \"CPU\", \"duration\": \"1m\", \"pattern\": {\"type\": \"constant\", \"rate\": -5}}");
        HttpResponse<String> noProfile = call("POST", "/runs", TOKEN, "{\"intensity\": 1}");
        HttpResponse<String> notJson = call("POST", "/runs", TOKEN, "{intensity");

        assertThat(badPattern.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badPattern.body()).get("field").asText()).startsWith("pattern");
        assertThat(badRate.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badRate.body()).get("field").asText()).contains("rate");
        assertThat(noProfile.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noProfile.body()).get("field").asText()).isEqualTo("profileId");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(call("GET", "/openapi.json", null, null).body()).contains("\"openapi\"");

        assertThat(call("PUT", "/profiles/wave", TOKEN, "{\"resourceType\": \"CPU\", \"duration\": \"10m\", "
                + "\"pattern\": {\"type\": \"constant\", \"rate\": 4}}").statusCode()).isEqualTo(200);
        assertThat(call("GET", "/profiles/wave", TOKEN, null).statusCode()).isEqualTo(200);
        assertThat(call("DELETE", "/profiles/wave", TOKEN, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/profiles/wave", TOKEN, null).statusCode()).isEqualTo(404);
    }

    @Test
    void adjustingIntensityMidRunChangesTheAchievedRate() throws Exception {
        HttpResponse<String> started = call("POST", "/runs", TOKEN,
                "{\"profileId\": \"steady-api\", \"intensity\": 1, \"maxIntensity\": 3, \"compression\": 1}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String runId = JSON.readTree(started.body()).get("runId").asText();

        awaitTraffic(runId);
        Thread.sleep(9_000);
        double before = rate(runId);
        HttpResponse<String> adjusted = call("PUT", "/runs/" + runId + "/intensity", TOKEN, "{\"intensity\": 2.5}");
        Thread.sleep(12_000);
        double after = rate(runId);
        JsonNode monitored = JSON.readTree(call("GET", "/runs/" + runId, TOKEN, null).body());
        HttpResponse<String> tooMuch = call("PUT", "/runs/" + runId + "/intensity", TOKEN, "{\"intensity\": 9}");
        HttpResponse<String> stopped = call("DELETE", "/runs/" + runId, TOKEN, null);

        System.out.printf("API IT: %.1f req/s at intensity 1, %.1f at 2.5; monitor said %s%n", before, after,
                monitored.get("last10s"));
        assertThat(adjusted.statusCode()).isEqualTo(200);
        assertThat(before).isCloseTo(15, within(3.0));
        assertThat(after / before).isCloseTo(2.5, within(0.5));
        assertThat(monitored.get("intensity").asDouble()).isEqualTo(2.5);
        assertThat(monitored.get("last10s").get("requestsPerSecond").asDouble()).isGreaterThan(20);
        assertThat(tooMuch.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(stopped.body()).get("state").asText()).isEqualTo("finished");
    }

    /** Requests per second over the last 8 complete seconds, from the live results in InfluxDB. */
    private double rate(String runId) {
        Instant now = Instant.now();
        long count = 0;
        for (Point p : store.read("request_results", Map.of("run_id", runId), now.minusSeconds(10),
                now.minusSeconds(2))) {
            count += p.number("count").longValue();
        }
        return count / 8.0;
    }

    private void awaitTraffic(String runId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (store.read("request_results", Map.of("run_id", runId), Instant.EPOCH, Instant.now().plusSeconds(5))
                .isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no live results from run " + runId + " within 60 s");
            }
            Thread.sleep(250);
        }
    }
}
