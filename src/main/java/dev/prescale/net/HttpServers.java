package dev.prescale.net;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Creates the JDK HTTP servers of Prescale (shadow service, shadow AWS, chaos proxy; the API has its own
 * {@link NonBlockingHttpServer}) the same way: Nagle off,
 * bounded time to read a request and to send a response, and a bounded pool of workers.
 */
public final class HttpServers {

    /**
     * Seconds a client has to send a whole request, headers and body ({@code sun.net.httpserver.maxReqTime}): a
     * connection that stalls mid-request is closed then, so a few half-open connections cannot hold every worker.
     */
    public static final int MAX_REQUEST_SECONDS = 10;

    /** Seconds a response may take to send once started ({@code sun.net.httpserver.maxRspTime}). */
    public static final int MAX_RESPONSE_SECONDS = 120;

    private HttpServers() {
    }

    /**
     * A server on {@code address} with Nagle's algorithm off and the time limits above. The JDK server writes a
     * response's headers and body apart; with Nagle on, a keep-alive client's delayed ACK holds the body back 40 ms,
     * which would be measured as the service's latency. These settings are read once per JVM, when the first server
     * starts, so every server here is made through this method; a {@code -D} of the same name set earlier wins.
     */
    public static HttpServer create(InetSocketAddress address, int backlog) throws IOException {
        System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
        System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", Integer.toString(MAX_REQUEST_SECONDS));
        System.getProperties().putIfAbsent("sun.net.httpserver.maxRspTime", Integer.toString(MAX_RESPONSE_SECONDS));
        return HttpServer.create(address, backlog);
    }

    /**
     * Workers for a server: {@code threads} daemon threads named {@code name} and at most {@code queue} requests
     * waiting for one. Past that the JDK server closes the new connection rather than queueing without end.
     */
    public static ExecutorService workers(String name, int threads, int queue) {
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue),
                runnable -> {
                    Thread thread = new Thread(runnable, name);
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
    }
}
