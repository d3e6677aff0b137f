package dev.prescale.chaos;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.prescale.net.HttpServers;
import dev.prescale.net.Loopback;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * A fault-injecting HTTP proxy for a user's own service: listens on 127.0.0.1, forwards every request to a target
 * that must itself be on this machine's loopback, and on the way applies the request faults of the schedule under way
 * (latency, errors, dropped connections, a dependency outage by path). Instance faults need the fleet's inside and
 * are refused here. A ChaosSimulation sends its traffic through it.
 */
public final class ChaosProxy implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "keep-alive",
            "transfer-encoding", "upgrade", "expect", "te", "trailer", "proxy-connection");

    private final URI target;
    private final HttpServer server;
    private final HttpClient client;
    private final ExecutorService handlers;
    private final ExecutorService serverWorkers;
    private final ScheduledExecutorService delayer;
    private volatile ActiveFaults faults;

    private ChaosProxy(URI target, int port) throws IOException {
        this.target = target;
        this.handlers = Executors.newFixedThreadPool(8, daemon("chaos-proxy"));
        this.serverWorkers = HttpServers.workers("chaos-proxy-server", 8, 50_000);
        this.delayer = Executors.newSingleThreadScheduledExecutor(daemon("chaos-delay"));
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1) // no h2c upgrade round
                .connectTimeout(Duration.ofSeconds(5)).executor(handlers)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.server = HttpServers.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        server.setExecutor(serverWorkers);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Starts a proxy on 127.0.0.1:{@code port} (0: any free one) in front of {@code target}.
     *
     * @throws IllegalArgumentException when the target is not an http URL on a loopback address
     */
    public static ChaosProxy start(URI target, int port) {
        requireLoopback(target);
        try {
            return new ChaosProxy(target, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the chaos proxy on 127.0.0.1:" + port + " (" + e.getMessage()
                    + "); choose another port or 0 for any free one", e);
        }
    }

    /** Chaos only ever reaches this machine: a target anywhere else is refused before any traffic. */
    static void requireLoopback(URI target) {
        if (target == null || !"http".equals(target.getScheme()) || target.getHost() == null) {
            throw new IllegalArgumentException("chaos proxy target " + target + " is not an http://host:port URL");
        }
        if (!Loopback.isLoopback(target)) {
            throw new IllegalArgumentException("chaos proxy target " + target + " is not on this machine's loopback; "
                    + "chaos traffic goes only to 127.0.0.1 or localhost: run the service locally and point the "
                    + "proxy at it");
        }
    }

    /** Base URL to send traffic to, e.g. {@code http://127.0.0.1:41234}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Starts a schedule now, replacing any before it.
     *
     * @throws IllegalArgumentException when the schedule has an instance fault (crash, slow instance)
     */
    public ActiveFaults inject(FaultSchedule schedule) {
        for (Fault f : schedule.faults()) {
            if (f instanceof Fault.InstanceCrash || f instanceof Fault.SlowInstance) {
                throw new IllegalArgumentException("chaos profile " + schedule.name() + ": " + f.kind() + " needs the "
                        + "fleet's inside and works on the shadow service only; the proxy injects latency, errors, "
                        + "dropped-connections and dependency-outage");
            }
        }
        ActiveFaults active = new ActiveFaults(schedule, System.nanoTime(), System.nanoTime());
        faults = active;
        return active;
    }

    @Override
    public void close() {
        server.stop(0);
        delayer.shutdownNow();
        handlers.shutdownNow();
        serverWorkers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrival = System.nanoTime();
        byte[] body = exchange.getRequestBody().readAllBytes();
        URI requested = exchange.getRequestURI();
        ActiveFaults active = faults;
        ActiveFaults.Verdict verdict = active == null ? ActiveFaults.Verdict.NONE
                : active.onRequest(requested.getPath(), arrival);
        if (verdict.drop()) {
            exchange.close();
            return;
        }
        if (verdict.status() != 0) {
            later(verdict.extraLatencyNanos(), () -> send(exchange, verdict.status(), "text/plain",
                    "injected fault".getBytes(StandardCharsets.UTF_8)));
            return;
        }
        HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(requested.getRawPath()
                        + (requested.getRawQuery() == null ? "" : "?" + requested.getRawQuery())))
                .timeout(Duration.ofSeconds(30))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                values.forEach(v -> forward.header(name, v));
            }
        });
        HttpRequest request = forward.build();
        // the added latency delays the request on its way, as a slow network would: it adds to the service's own
        later(verdict.extraLatencyNanos() - (System.nanoTime() - arrival), () -> client.sendAsync(request,
                HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, error) -> {
                    if (error != null) {
                        send(exchange, 502, "text/plain", ("chaos proxy: target " + target + " did not answer: "
                                + error.getMessage()).getBytes(StandardCharsets.UTF_8));
                    } else {
                        send(exchange, response.statusCode(), response.headers().firstValue("content-type")
                                .orElse("application/octet-stream"), response.body());
                    }
                }));
    }

    private void later(long nanos, Runnable action) {
        if (nanos <= 0) {
            action.run();
        } else {
            delayer.schedule(action, nanos, TimeUnit.NANOSECONDS);
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) {
        try {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            // the client went away: nothing left to tell it
        } finally {
            exchange.close();
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
