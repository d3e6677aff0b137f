package dev.prescale.net;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The one test of "this machine": load, chaos and the shadow's AWS endpoint go only to loopback unless the user says
 * otherwise. A host is loopback when it is {@code localhost} or an IP literal in 127.0.0.0/8 or {@code ::1}; names are
 * never resolved, so no DNS answer can turn a remote host into an allowed one.
 */
public final class Loopback {

    private Loopback() {
    }

    /** True for {@code localhost}, {@code 127.x.y.z}, {@code ::1} and {@code [::1]} (any case). */
    public static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost")) {
            return true;
        }
        boolean ipLiteral = h.matches("\\d{1,3}(\\.\\d{1,3}){3}") || (h.contains(":") && h.matches("[0-9a-f:.]+"));
        if (!ipLiteral) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress(); // a literal: parsed, not looked up
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** True when {@code uri} has a host and it is loopback. */
    public static boolean isLoopback(URI uri) {
        return uri != null && isLoopback(uri.getHost());
    }
}
