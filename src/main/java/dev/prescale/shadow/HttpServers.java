package dev.prescale.shadow;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;

/** Creates the JDK HTTP servers of Prescale (shadow service, shadow AWS, chaos proxy, API) the same way. */
public final class HttpServers {

    private HttpServers() {
    }

    /**
     * A server on {@code address} with Nagle's algorithm off. The JDK server writes a response's headers and body
     * apart; with Nagle on, a keep-alive client's delayed ACK holds the body back 40 ms, which would be measured as
     * the service's latency. The setting is read once per JVM, when the first server starts, so every server here is
     * made through this method.
     */
    public static HttpServer create(InetSocketAddress address, int backlog) throws IOException {
        System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
        return HttpServer.create(address, backlog);
    }
}
