package dev.prescale.signature;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** One access-log line written as a JSON object (see {@link AccessLog} for the field names understood). */
final class JsonLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLines() {
    }

    /** @throws IllegalArgumentException naming what is missing or wrong */
    static AccessLog.Entry parse(String line) {
        JsonNode o;
        try {
            o = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage());
        }
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Instant time = time(first(o, "time", "timestamp", "@timestamp", "time_iso8601", "time_local"));
        String method = text(first(o, "method", "request_method"), "");
        String path = text(first(o, "path", "uri", "request_uri", "url"), "");
        String request = text(first(o, "request"), "");
        if ((method.isEmpty() || path.isEmpty()) && !request.isEmpty()) {
            String[] parts = request.split(" ");
            method = parts.length >= 2 ? parts[0] : "-";
            path = parts.length >= 2 ? parts[1] : "-";
        }
        if (method.isEmpty() || path.isEmpty()) {
            throw new IllegalArgumentException("no method and path (fields method and path, or request)");
        }
        JsonNode status = first(o, "status", "status_code");
        if (status == null || !status.asText().matches("\\d{3}")) {
            throw new IllegalArgumentException("no three-digit status (field status)");
        }
        JsonNode bytes = first(o, "bytes", "body_bytes_sent", "bytes_sent", "size");
        long size = bytes == null || !bytes.asText().matches("\\d+") ? 0 : Long.parseLong(bytes.asText());
        return new AccessLog.Entry(text(first(o, "client", "remote_addr", "ip", "client_ip"), "-"), time, method,
                path, Integer.parseInt(status.asText()), size, text(first(o, "referrer", "referer", "http_referer"),
                ""), text(first(o, "user_agent", "userAgent", "agent", "http_user_agent"), ""));
    }

    private static Instant time(JsonNode node) {
        if (node == null) {
            throw new IllegalArgumentException("no time (field time, timestamp or @timestamp)");
        }
        String v = node.asText().strip();
        if (node.isNumber() || v.matches("\\d{9,13}(\\.\\d+)?")) {
            double d = Double.parseDouble(v);
            return d > 1e11 ? Instant.ofEpochMilli((long) d) : Instant.ofEpochMilli(Math.round(d * 1000));
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(v);
            } catch (DateTimeParseException again) {
                throw new IllegalArgumentException("time '" + v + "' is neither ISO-8601 (2015-05-17T10:05:03Z) nor "
                        + "epoch seconds or milliseconds");
            }
        }
    }

    private static JsonNode first(JsonNode o, String... names) {
        for (String n : names) {
            JsonNode v = o.get(n);
            if (v != null && !v.isNull()) {
                return v;
            }
        }
        return null;
    }

    private static String text(JsonNode node, String fallback) {
        return node == null ? fallback : node.asText();
    }
}
