package dev.prescale.issues;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Incident history as operations teams export it: CSV with the header {@code start,end,component,type,magnitude}
 * (times in ISO-8601 with an offset, or Unix seconds), or JSON, an array of objects with the same fields. Any bad row
 * stops the import with its line (or index) and the fix; nothing is imported halfway.
 *
 * <p>A simulated issue stream is stored in the JSON form, with {@code severity}, {@code predictedImpact} and
 * {@code origin} as well, so a stream can be looked at, edited, and replayed exactly.
 */
public final class IncidentFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private IncidentFiles() {
    }

    public static List<Incident> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read incident file " + file + ": " + e.getMessage(), e);
        }
        return file.toString().endsWith(".json") ? parseJson(text, file.toString()) : parseCsv(text,
                file.toString());
    }

    public static List<Incident> parseCsv(String text, String origin) {
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || !lines.get(0).strip().equalsIgnoreCase("start,end,component,type,magnitude")) {
            throw new IllegalArgumentException(origin + ": the first line must be the header "
                    + "start,end,component,type,magnitude");
        }
        List<Incident> incidents = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != 5) {
                throw new IllegalArgumentException(origin + " line " + (i + 1) + ": " + f.length + " fields, "
                        + "expected 5 (start,end,component,type,magnitude)");
            }
            incidents.add(incident(f[0], f[1], f[2], f[3], f[4], origin + " line " + (i + 1)));
        }
        return incidents;
    }

    public static List<Incident> parseJson(String text, String origin) {
        JsonNode root = jsonArray(text, origin);
        List<Incident> incidents = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            incidents.add(incident(root.get(i), origin + " [" + i + "]"));
        }
        return incidents;
    }

    private static JsonNode jsonArray(String text, String origin) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(origin + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(origin + ": expected a JSON array of incidents");
        }
        return root;
    }

    private static Incident incident(JsonNode n, String where) {
        return incident(n.path("start").asText(""), n.path("end").asText(""), n.path("component").asText(""),
                n.path("type").asText(""), n.path("magnitude").asText(""), where);
    }

    /** Writes a simulated stream as JSON (see the class comment). */
    public static Path writeStream(List<SimulatedIssue> issues, Path file) {
        var array = JSON.createArrayNode();
        for (SimulatedIssue i : issues) {
            array.addObject().put("start", i.start().toString()).put("end", i.start().plus(i.duration()).toString())
                    .put("component", i.component()).put("type", i.type()).put("magnitude", i.magnitude())
                    .put("severity", i.severity()).put("predictedImpact", i.predictedImpact())
                    .put("origin", i.origin());
        }
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            return Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the issue stream to " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a stream written by {@link #writeStream}, or written by hand: an incident JSON array in which severity
     * defaults to {@code major}, the predicted impact to the type's own words, and origin to {@code observed}.
     *
     * @param fleetSize the fleet an impact is worded for when the file gives none
     */
    public static List<SimulatedIssue> readStream(Path file, int fleetSize) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read issue stream " + file + ": " + e.getMessage(), e);
        }
        JsonNode root = jsonArray(text, file.toString());
        List<SimulatedIssue> issues = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode n = root.get(i);
            Incident in = incident(n, file + " [" + i + "]");
            String impact = n.path("predictedImpact").asText(IssueType.of(in.type())
                    .map(t -> t.impact(in.magnitude(), fleetSize)).orElse(in.type()));
            issues.add(new SimulatedIssue(in.start(), in.duration(), in.component(), in.type(), in.magnitude(),
                    n.path("severity").asText("major"), impact, n.path("origin").asText("observed")));
        }
        return issues;
    }

    private static Incident incident(String start, String end, String component, String type, String magnitude,
                                     String where) {
        Instant s = time(start.strip(), where, "start");
        Instant e = time(end.strip(), where, "end");
        if (e.isBefore(s)) {
            throw new IllegalArgumentException(where + ": end " + e + " is before start " + s);
        }
        double m;
        try {
            m = Double.parseDouble(magnitude.strip());
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(where + ": magnitude '" + magnitude + "' is not a number");
        }
        try {
            return new Incident(s, Duration.between(s, e), component.strip(), type.strip(), m);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(where + ": " + ex.getMessage(), ex);
        }
    }

    private static Instant time(String text, String where, String field) {
        try {
            return text.matches("\\d+") ? Instant.ofEpochSecond(Long.parseLong(text))
                    : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(where + ": " + field + " '" + text + "' is neither ISO-8601 with an "
                    + "offset (2026-11-20T14:05:00Z) nor Unix seconds");
        }
    }
}
