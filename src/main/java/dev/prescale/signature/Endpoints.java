package dev.prescale.signature;

import java.util.Locale;

/**
 * A request's endpoint: its path without query, with the parts that name one thing among many (numbers, ids, hashes)
 * replaced by {@code {id}}, and static files grouped by type, so that {@code /orders/8812} and {@code /orders/9913}
 * are one endpoint with one cost. Bounded: paths deeper than {@value #DEPTH} segments keep their first ones.
 */
public final class Endpoints {

    static final int DEPTH = 3;

    private Endpoints() {
    }

    public static String of(String method, String path) {
        String p = path == null ? "" : path;
        int q = p.indexOf('?');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        if (!p.startsWith("/")) {
            return method + " (other)";
        }
        String lower = p.toLowerCase(Locale.ROOT);
        int dot = lower.lastIndexOf('.');
        if (dot > lower.lastIndexOf('/')) {
            String ext = lower.substring(dot + 1);
            if (ext.matches("png|jpe?g|gif|ico|svg|webp")) {
                return method + " (image)";
            }
            if (ext.matches("css|js|woff2?|ttf|eot|map")) {
                return method + " (asset)";
            }
        }
        StringBuilder template = new StringBuilder();
        String[] segments = p.split("/");
        int kept = 0;
        for (String s : segments) {
            if (s.isEmpty()) {
                continue;
            }
            if (kept == DEPTH) {
                template.append("/...");
                break;
            }
            template.append('/').append(s.matches("\\d+|[0-9a-fA-F-]{16,}|[0-9a-fA-F]{8,}") ? "{id}" : s);
            kept++;
        }
        return method + " " + (template.length() == 0 ? "/" : template);
    }
}
