package dev.prescale.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prescale.net.Loopback;
import dev.prescale.net.NonBlockingHttpServer;
import dev.prescale.net.NonBlockingHttpServer.Request;
import dev.prescale.net.NonBlockingHttpServer.Response;
import dev.prescale.profile.LoadProfile;
import dev.prescale.profile.ProfileException;
import dev.prescale.profile.ProfileFormat;
import dev.prescale.store.Point;
import dev.prescale.store.ProfileStore;
import dev.prescale.store.TimeSeriesStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Programmatic control (seed 002): profiles CRUD; start, monitor, adjust the intensity of and stop a load run; the
 * latest forecasts and scaling decisions; health. JSON in and out, errors as {@code {"error": ..., "field": ...}}.
 *
 * <p>Every path but {@code /health} and {@code /openapi.json} needs {@code Authorization: Bearer <token>}, compared in
 * constant time. It binds 127.0.0.1 unless given another address and told remote binding is meant; the OpenAPI
 * document is {@code /openapi.json}.
 */
public final class ApiServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 1 << 20;
    /** A bearer token's least length and least number of different characters. */
    static final int MIN_TOKEN_LENGTH = 16;
    static final int MIN_TOKEN_DISTINCT = 8;
    /** How far back "latest" forecasts and decisions are looked for. */
    static final Duration LATEST_WINDOW = Duration.ofDays(30);
    /** The longest query parameter value read. */
    private static final int MAX_QUERY_VALUE = 256;
    /** Threads answering whole requests (reading them costs none: see {@link NonBlockingHttpServer}). */
    private static final int WORKERS = 16;
    /** Time a connection has to deliver a whole request, from opening or from its last answer. */
    static final Duration REQUEST_TIME = Duration.ofSeconds(10);
    /** Connections served at once; further clients wait in the kernel's backlog. */
    private static final int MAX_CONNECTIONS = 512;

    /** A request error: HTTP status, message and the field at fault (or null). */
    static final class ApiException extends RuntimeException {
        final int status;
        final String field;

        ApiException(int status, String message, String field) {
            super(message);
            this.status = status;
            this.field = field;
        }
    }

    private final NonBlockingHttpServer server;
    private final byte[] token;
    private final ProfileStore profiles;
    private final TimeSeriesStore store;
    private final LoadRuns runs;

    private ApiServer(InetSocketAddress address, String token, ProfileStore profiles, TimeSeriesStore store,
                      LoadRuns runs) throws IOException {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.profiles = profiles;
        this.store = store;
        this.runs = runs;
        this.server = NonBlockingHttpServer.start(address, "prescale-api", WORKERS, MAX_BODY, MAX_CONNECTIONS,
                REQUEST_TIME, this::refuseUnauthorized, this::handle);
    }

    /**
     * @param host        address to bind; anything but loopback needs {@code allowRemote}
     * @param port        0 for any free port
     * @param token       the bearer token clients must send: at least 16 characters
     * @throws IllegalArgumentException for a short token or a remote address not allowed
     */
    public static ApiServer start(String host, int port, boolean allowRemote, String token, ProfileStore profiles,
                                  TimeSeriesStore store, LoadRuns runs) {
        if (token == null || token.strip().length() < MIN_TOKEN_LENGTH
                || token.strip().chars().distinct().count() < MIN_TOKEN_DISTINCT) {
            throw new IllegalArgumentException("the API needs a bearer token of at least " + MIN_TOKEN_LENGTH
                    + " characters, " + MIN_TOKEN_DISTINCT + " of them different; set PRESCALE_API_TOKEN to a random "
                    + "one (e.g. openssl rand -hex 24)");
        }
        try {
            InetAddress address = InetAddress.getByName(host);
            if (!address.isLoopbackAddress() && !allowRemote) {
                throw new IllegalArgumentException("the API binds " + host + " only with api.allowremote=true; "
                        + "it controls load and scaling, so it stays on 127.0.0.1 unless you mean otherwise");
            }
            String warning = plainHttpWarning(address);
            if (warning != null) {
                System.err.println(warning);
            }
            return new ApiServer(new InetSocketAddress(address, port), token.strip(), profiles, store, runs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the API on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** What binding {@code address} means for the token, or null on loopback. */
    static String plainHttpWarning(InetAddress address) {
        return address.isLoopbackAddress() ? null : "prescale api: WARNING: binding " + address.getHostAddress()
                + ", reachable from other machines over plain HTTP: the bearer token and every profile cross the "
                + "network unencrypted. Put a TLS proxy in front and keep this port closed to everything but it "
                + "(README, Security).";
    }

    public URI baseUri() {
        return URI.create("http://" + server.address().getHostString() + ":" + server.address().getPort());
    }

    @Override
    public void close() {
        server.close();
        runs.close();
    }

    private Response handle(Request exchange) throws IOException {
        try {
            String method = exchange.method();
            String rawPath = exchange.uri().getPath();
            String[] path = (rawPath == null ? "" : rawPath).replaceAll("^/+|/+$", "").split("/");
            if (path[0].equals("health") && path.length == 1) {
                return send(200, JSON.createObjectNode().put("status", "up"));
            }
            if (path[0].equals("openapi.json")) {
                try (InputStream in = ApiServer.class.getResourceAsStream("/openapi.json")) {
                    return Response.json(200, in.readAllBytes());
                }
            }
            authorize(exchange);
            JsonNode answer = route(method, path, exchange);
            return send(method.equals("POST") ? 201 : 200, answer);
        } catch (ApiException e) {
            ObjectNode error = JSON.createObjectNode().put("error", e.getMessage());
            if (e.field != null) {
                error.put("field", e.field);
            }
            Response answer = send(e.status, error);
            return e.status == 401 ? answer.withHeader("WWW-Authenticate", "Bearer") : answer;
        } catch (RuntimeException | StackOverflowError e) {
            // the detail (a query, a server's address) is for the operator's log, not for the client
            String incident = UUID.randomUUID().toString().substring(0, 8);
            System.err.printf("prescale api: %s %s failed [incident=%s]: %s%n", exchange.method(),
                    exchange.uri().getPath(), incident, e);
            return send(500, JSON.createObjectNode().put("error", "internal error; the server log has the detail "
                    + "under incident " + incident).put("incident", incident));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return send(503, JSON.createObjectNode().put("error", "interrupted"));
        }
    }

    /** A request without the token is answered 401 on its headers, before its body is read. */
    private Response refuseUnauthorized(Request head) {
        String path = head.uri().getPath() == null ? "" : head.uri().getPath().replaceAll("^/+|/+$", "");
        if (path.equals("health") || path.equals("openapi.json")) {
            return null;
        }
        try {
            authorize(head);
            return null;
        } catch (ApiException e) {
            try {
                return send(401, JSON.createObjectNode().put("error", e.getMessage()))
                        .withHeader("WWW-Authenticate", "Bearer");
            } catch (IOException unexpected) {
                throw new UncheckedIOException(unexpected);
            }
        }
    }

    private void authorize(Request exchange) {
        String header = exchange.header("Authorization");
        String given = header != null && header.startsWith("Bearer ") ? header.substring(7).strip() : "";
        if (!MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(401, header == null ? "no bearer token: send Authorization: Bearer <token>"
                    : "the bearer token is not valid", null);
        }
    }

    private JsonNode route(String method, String[] path, Request exchange) throws IOException,
            InterruptedException {
        String resource = path[0];
        String id = path.length > 1 ? path[1] : null;
        switch (resource + " " + method + " " + path.length) {
            case "profiles GET 1" -> {
                ArrayNode list = JSON.createArrayNode();
                profiles.all().forEach(p -> list.add(profileJson(p)));
                return list;
            }
            case "profiles GET 2" -> {
                return profileJson(profile(id));
            }
            case "profiles PUT 2" -> {
                return profileJson(saveProfile(id, body(exchange)));
            }
            case "profiles DELETE 2" -> {
                if (!profiles.delete(id, Instant.now())) {
                    throw new ApiException(404, "no profile " + id, "profileId");
                }
                store.flush(Duration.ofSeconds(10));
                return JSON.createObjectNode().put("deleted", id);
            }
            case "runs POST 1" -> {
                return JSON.valueToTree(startRun(body(exchange)));
            }
            case "runs GET 1" -> {
                return JSON.valueToTree(runs.all());
            }
            case "runs GET 2" -> {
                return monitor(run(id));
            }
            case "runs PUT 3" -> {
                if (!path[2].equals("intensity")) {
                    throw new ApiException(404, "no such path; PUT /runs/{id}/intensity sets a run's intensity", null);
                }
                run(id);
                JsonNode intensity = body(exchange).get("intensity");
                if (intensity == null || !intensity.isNumber()) {
                    throw new ApiException(400, "intensity must be a number", "intensity");
                }
                try {
                    return JSON.valueToTree(runs.adjust(id, intensity.asDouble()));
                } catch (IllegalArgumentException e) {
                    throw new ApiException(400, e.getMessage(), "intensity");
                } catch (IllegalStateException e) {
                    throw new ApiException(409, e.getMessage(), null);
                }
            }
            case "runs DELETE 2" -> {
                run(id);
                return JSON.valueToTree(runs.stop(id));
            }
            case "forecasts GET 1" -> {
                return latest("forecast", Map.of("series", query(exchange, "series")), "run_id");
            }
            case "decisions GET 1" -> {
                return latest("scaling_action", Map.of("group", query(exchange, "group")), null);
            }
            default -> throw new ApiException(404, "no " + method + " /" + String.join("/", path) + "; see "
                    + "/openapi.json", null);
        }
    }

    private LoadProfile profile(String id) {
        try {
            return profiles.byId(id);
        } catch (ProfileException e) {
            throw new ApiException(404, e.getMessage(), "profileId");
        }
    }

    private LoadProfile saveProfile(String id, JsonNode body) {
        if (body.has("profileId") && !id.equals(body.get("profileId").asText())) {
            throw new ApiException(400, "profileId in the body (" + body.get("profileId").asText() + ") differs "
                    + "from the path (" + id + ")", "profileId");
        }
        ObjectNode document = body.deepCopy();
        document.put("profileId", id);
        try {
            LoadProfile profile = profiles.parse(document.toString(), "request body");
            profiles.save(profile, Instant.now());
            store.flush(Duration.ofSeconds(10));
            return profile;
        } catch (ProfileException e) {
            throw new ApiException(400, e.getMessage(), e.field());
        }
    }

    private LoadRuns.Run startRun(JsonNode body) throws IOException {
        String profileId = text(body, "profileId", true);
        LoadProfile profile = profile(profileId);
        double intensity = number(body, "intensity", 1, 0, 100);
        double max = number(body, "maxIntensity", Math.max(2, 2 * intensity), intensity, 100);
        Map<String, String> settings = new HashMap<>();
        Path folder = Files.createDirectories(Path.of("target", "api-profiles", profileId));
        Files.writeString(folder.resolve(profileId + ".yaml"), ProfileFormat.toJson(profile));
        settings.put("prescale.profileDb", folder.toAbsolutePath().toString());
        if (body.has("compression")) {
            settings.put("prescale.compression", Double.toString(number(body, "compression", 1, 1e-3, 1e6)));
        }
        String target = text(body, "target", false);
        if (target != null) {
            URI uri;
            try {
                uri = URI.create(target.strip());
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "target is not a URL; write e.g. http://127.0.0.1:8080", "target");
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || !Loopback.isLoopback(uri)) {
                throw new ApiException(400, "target must be an http(s) URL on this machine (127.0.0.1 or localhost): "
                        + "the API starts load only against local services; rehearse a remote system you own with "
                        + "mvn gatling:test -Dprescale.allowRemoteTarget=true", "target");
            }
            settings.put("prescale.target", uri.toString());
        }
        settings.put("prescale.slo.p95", "600s");
        settings.put("prescale.slo.maxErrorRate", "100%");
        return runs.start(profileId, intensity, max, settings);
    }

    private LoadRuns.Run run(String id) {
        return runs.get(id).orElseThrow(() -> new ApiException(404, "no run " + id, "runId"));
    }

    /** monitor_load: the run's state and its live results over the last 10 complete seconds. */
    private JsonNode monitor(LoadRuns.Run run) {
        Instant now = Instant.now();
        long requests = 0;
        long errors = 0;
        double p95 = 0;
        for (Point p : store.read("request_results", Map.of("run_id", run.runId()), now.minusSeconds(11),
                now.minusSeconds(1))) {
            long count = p.number("count") == null ? 0 : p.number("count").longValue();
            requests += count;
            errors += p.number("errors") == null ? 0 : p.number("errors").longValue();
            p95 = Math.max(p95, p.number("p95_ms") == null ? 0 : p.number("p95_ms"));
        }
        ObjectNode node = JSON.valueToTree(run);
        node.putObject("last10s").put("requestsPerSecond", requests / 10.0).put("errors", errors)
                .put("maxP95Ms", p95);
        return node;
    }

    /**
     * The points of the newest {@code groupTag} value (the latest forecast run), or the newest 50 points, of the last
     * {@link #LATEST_WINDOW}: what is read stays bounded however long the store's history grows.
     */
    private JsonNode latest(String measurement, Map<String, String> tags, String groupTag) {
        Instant now = Instant.now();
        List<Point> points = store.read(measurement, tags, now.minus(LATEST_WINDOW), now.plus(Duration.ofDays(366)));
        if (groupTag != null && !points.isEmpty()) {
            String newest = points.stream().max(java.util.Comparator.comparing(Point::time)).get().tag(groupTag);
            points = points.stream().filter(p -> newest.equals(p.tag(groupTag))).toList();
        } else if (points.size() > 50) {
            points = points.subList(points.size() - 50, points.size());
        }
        ArrayNode list = JSON.createArrayNode();
        for (Point p : points) {
            ObjectNode node = list.addObject().put("time", p.time().toString());
            p.tags().forEach(node::put);
            p.fields().forEach((k, v) -> node.set(k, JSON.valueToTree(v)));
        }
        return list;
    }

    private static String query(Request exchange, String name) {
        String query = exchange.uri().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith(name + "=")) {
                    String value;
                    try {
                        value = java.net.URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
                    } catch (IllegalArgumentException e) {
                        throw new ApiException(400, "query parameter " + name + " is not URL-encoded", name);
                    }
                    if (value.isEmpty() || value.length() > MAX_QUERY_VALUE
                            || value.chars().anyMatch(Character::isISOControl)) {
                        throw new ApiException(400, "query parameter " + name + " must be 1-" + MAX_QUERY_VALUE
                                + " characters without line breaks or other control characters", name);
                    }
                    return value;
                }
            }
        }
        throw new ApiException(400, "query parameter " + name + " is required", name);
    }

    private static JsonNode body(Request exchange) throws IOException {
        byte[] bytes = exchange.body();
        if (bytes.length > MAX_BODY) {
            throw new ApiException(413, "the body is larger than 1 MiB", null);
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new ApiException(400, "the body must be a JSON object", null);
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ApiException(400, "the body is not JSON: " + e.getOriginalMessage(), null);
        }
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new ApiException(400, field + " is required", field);
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new ApiException(400, field + " must be a non-empty string", field);
        }
        return v.asText();
    }

    private static double number(JsonNode body, String field, double fallback, double min, double max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber() || !(v.asDouble() >= min && v.asDouble() <= max)) {
            throw new ApiException(400, field + " must be a number between " + min + " and " + max + ", but was "
                    + v, field);
        }
        return v.asDouble();
    }

    private static JsonNode profileJson(LoadProfile p) {
        try {
            return JSON.readTree(ProfileFormat.toJson(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Response send(int status, JsonNode body) throws IOException {
        return Response.json(status, JSON.writeValueAsBytes(body));
    }
}
