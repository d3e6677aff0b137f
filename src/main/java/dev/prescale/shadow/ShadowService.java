package dev.prescale.shadow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.prescale.chaos.ActiveFaults;
import dev.prescale.chaos.FaultSchedule;
import dev.prescale.net.HttpServers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The shadow environment of seed 001, scaled down to one process: an HTTP server on 127.0.0.1 that behaves like a
 * small fleet ({@link ShadowFleet}). Each endpoint answers after the response time the queueing model computes;
 * overload answers 503. Every answered request carries its true cost in a {@code Server-Timing} header
 * ({@code cpu;dur=} its service time in ms, {@code mem;desc=} the memory it held), as a real service may report it.
 * {@code GET /metrics} reports the fleet as JSON, {@code GET /health} says it is up.
 *
 * <p>Responses are delayed on a scheduler rather than by sleeping threads, so thousands of requests can be in flight
 * on a handful of threads, as in the real service the fleet stands for. Built on the JDK's HTTP server: no extra
 * dependency, and plenty for the few thousand requests per second a rehearsal on one machine sends.
 */
public final class ShadowService implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** An endpoint with this path serves every path of its method no other endpoint serves (a site's pages). */
    public static final String ANY_PATH = "/*";

    private final ShadowFleet fleet;
    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService responder;
    private final Map<String, Endpoint> routes;

    private ShadowService(ShadowConfig config, InetSocketAddress address) throws IOException {
        this.fleet = new ShadowFleet(config, System.nanoTime());
        this.routes = config.endpoints().stream()
                .collect(Collectors.toUnmodifiableMap(e -> e.method() + " " + e.path(), Function.identity()));
        this.server = HttpServers.create(address, 1024);
        this.handlers = HttpServers.workers("shadow-http", 4, 50_000);
        this.responder = Executors.newScheduledThreadPool(2, daemon("shadow-respond"));
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts the service on 127.0.0.1 on a free port. */
    public static ShadowService start(ShadowConfig config) {
        return start(config, 0);
    }

    /** Starts the service on 127.0.0.1:{@code port} (0 for any free port). */
    public static ShadowService start(ShadowConfig config, int port) {
        try {
            return new ShadowService(config, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the shadow service on 127.0.0.1:" + port + " ("
                    + e.getMessage() + "); choose another port or 0 for any free one", e);
        }
    }

    /** Base URL, e.g. {@code http://127.0.0.1:41234}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The fleet behind the service, to read metrics or change the instance count at runtime. */
    public ShadowFleet fleet() {
        return fleet;
    }

    /** Sets the number of instances now; see {@link ShadowFleet#scaleTo}. */
    public int scaleTo(int instances) {
        return fleet.scaleTo(instances, System.nanoTime());
    }

    /** Starts a chaos schedule on this service now; see {@link ShadowFleet#inject}. */
    public ActiveFaults inject(FaultSchedule schedule) {
        return fleet.inject(schedule, System.nanoTime());
    }

    public ShadowMetrics metrics() {
        return fleet.metrics(System.nanoTime());
    }

    @Override
    public void close() {
        server.stop(0);
        responder.shutdownNow();
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrival = System.nanoTime();
        drain(exchange.getRequestBody());
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        if (method.equals("GET") && path.equals("/metrics")) {
            send(exchange, 200, JSON.writeValueAsBytes(fleet.metrics(arrival)), "application/json");
            return;
        }
        if (method.equals("GET") && path.equals("/health")) {
            send(exchange, 200, "{\"status\":\"up\"}".getBytes(StandardCharsets.UTF_8), "application/json");
            return;
        }
        Endpoint endpoint = routes.getOrDefault(method + " " + path, routes.get(method + " " + ANY_PATH));
        if (endpoint == null) {
            send(exchange, 404, ("no endpoint " + method + " " + path + "; this shadow service serves "
                    + routes.keySet() + ", /metrics and /health").getBytes(StandardCharsets.UTF_8), "text/plain");
            return;
        }
        ActiveFaults.Verdict fault = fleet.requestFaults(path, arrival);
        if (fault.drop()) {
            fleet.recordFailure(arrival);
            exchange.close(); // no status, no body: the client sees the connection end
            return;
        }
        if (fault.status() != 0) {
            fleet.recordFailure(arrival);
            send(exchange, fault.status(), "{\"error\":\"injected fault\"}".getBytes(StandardCharsets.UTF_8),
                    "application/json");
            return;
        }
        ShadowFleet.Admission admission = fleet.admit(endpoint, arrival);
        if (!admission.admitted()) {
            exchange.getResponseHeaders().add("Retry-After", "1");
            send(exchange, 503, ("{\"error\":\"" + admission.rejection() + "\"}").getBytes(StandardCharsets.UTF_8),
                    "application/json");
            return;
        }
        byte[] body = body(endpoint, admission.instanceId());
        // the request's true cost, as a real service reports it: its own work and the memory it held
        exchange.getResponseHeaders().set("Server-Timing", String.format(java.util.Locale.ROOT,
                "cpu;dur=%.2f;desc=\"service\", mem;desc=\"%sMB\"", admission.serviceNanos() / 1e6,
                stripped(admission.memoryMb())));
        long delay = admission.responseNanos() + fault.extraLatencyNanos() - (System.nanoTime() - arrival);
        responder.schedule(() -> {
            try {
                send(exchange, 200, body, "application/json");
            } catch (IOException e) {
                exchange.close(); // the client went away; nothing to tell it
            } finally {
                fleet.complete(admission);
            }
        }, Math.max(0, delay), TimeUnit.NANOSECONDS);
    }

    /** The endpoint's answer, padded to its response size. */
    private static byte[] body(Endpoint endpoint, int instance) {
        String json = "{\"endpoint\":\"" + endpoint.name() + "\",\"instance\":" + instance;
        int pad = endpoint.responseBytes() - json.length() - ",\"pad\":\"\"}".length();
        String text = pad > 0 ? json + ",\"pad\":\"" + "x".repeat(pad) + "\"}" : json + "}";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String stripped(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static void send(HttpExchange exchange, int status, byte[] body, String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void drain(InputStream in) throws IOException {
        in.transferTo(OutputStream.nullOutputStream());
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
