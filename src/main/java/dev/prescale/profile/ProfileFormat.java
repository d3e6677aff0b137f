package dev.prescale.profile;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The profile document: the YAML people write in {@code profile-db/profiles}, and the same structure as one-line
 * JSON where a store keeps a profile in a single field. Parsing validates everything and names the field and the fix;
 * {@link #document} writes a profile back so that parsing the document gives an equal profile.
 */
public final class ProfileFormat {

    /** Resolves {@code history: <series>} in replay patterns; profiles outside a store have no history. */
    public static final Function<String, RateTrace> NO_HISTORY = series -> {
        throw ProfileException.inField("pattern.history", "history series '" + series + "' is only available to "
                + "profiles read from a store", "replay a file instead, or read this profile from the store");
    };

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Set<String> PROFILE_FIELDS = Set.of("profileId", "resourceType", "priority", "duration",
            "scalingFactor", "pattern", "triggers", "slo", "description");

    private ProfileFormat() {
    }

    /**
     * Parses one profile document (YAML, or JSON, which is YAML too).
     *
     * @param origin     the file or store the text came from, for messages
     * @param traces     where replay files may be read from, and what relative paths start from
     * @param history    resolves {@code history: <series>} replays, and {@code behaviour} patterns by their series
     *                   ({@link ReplayPattern#behaviourSeries})
     * @throws ProfileException naming the profile, origin, field and fix
     */
    public static LoadProfile parse(String text, String origin, TraceFolders traces,
                                    Function<String, RateTrace> history) {
        Path originPath = Path.of(origin).getFileName();
        String name = originPath == null ? origin : originPath.toString();
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JacksonException e) {
            throw new ProfileException(name, "(file)", "is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()),
                    "fix the YAML syntax (indentation, 'key: value')", e);
        }
        if (root == null || !root.isObject()) {
            throw new ProfileException(name, "(file)", "is empty or not a mapping of fields",
                    "start from an example in profile-db/profiles");
        }
        String id = root.hasNonNull("profileId") ? root.get("profileId").asText() : name;
        try {
            requireKnown(root, PROFILE_FIELDS, "");
            Duration declared = root.has("duration") ? duration(root, "duration") : null;
            LoadPattern pattern = pattern(root.get("pattern"), traces, history);
            Duration duration = declared != null ? declared : naturalDuration(pattern);
            if (pattern instanceof ExpressionPattern expression) {
                expression.checkOver(Durations.seconds(duration));
            }
            return new LoadProfile(
                    required(root, "profileId").asText(),
                    enumValue(root, "resourceType", ResourceType.class, null),
                    pattern,
                    duration,
                    root.has("scalingFactor") ? number(root, "scalingFactor") : 1.0,
                    enumValue(root, "priority", Priority.class, Priority.BUSINESS),
                    triggers(root.get("triggers")),
                    slo(root.get("slo")));
        } catch (ProfileException e) {
            throw e.inFile(id, origin);
        }
    }

    /** A profile as a document: the structure of a profile file. */
    public static Map<String, Object> document(LoadProfile p) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("profileId", p.profileId());
        doc.put("resourceType", p.resourceType().name());
        doc.put("priority", p.priority().name());
        doc.put("duration", p.duration().toString());
        doc.put("scalingFactor", p.scalingFactor());
        doc.put("pattern", patternDocument(p.pattern()));
        if (!p.triggerConditions().isEmpty()) {
            doc.put("triggers", p.triggerConditions().stream().map(ProfileFormat::triggerDocument).toList());
        }
        Map<String, Object> slo = new LinkedHashMap<>();
        p.slo().p95().ifPresent(d -> slo.put("p95", d.toString()));
        p.slo().maxErrors().ifPresent(pct -> slo.put("maxErrorRate", pct + "%"));
        if (!slo.isEmpty()) {
            doc.put("slo", slo);
        }
        return doc;
    }

    /** {@link #document} as one line of JSON, for a store field. */
    public static String toJson(LoadProfile p) {
        try {
            return JSON.writeValueAsString(document(p));
        } catch (JacksonException e) {
            throw new IllegalStateException("profile " + p.profileId() + " cannot be written as JSON", e);
        }
    }

    private static Map<String, Object> patternDocument(LoadPattern pattern) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("type", pattern.type());
        if (pattern instanceof LoadPattern.Constant c) {
            doc.put("rate", c.rate());
        } else if (pattern instanceof LoadPattern.LinearIncrease l) {
            doc.put("from", l.from());
            doc.put("to", l.to());
        } else if (pattern instanceof LoadPattern.PeakValley pv) {
            doc.put("period", pv.period().toString());
            doc.put("peak", pv.peak());
            doc.put("trough", pv.trough());
            doc.put("phase", pv.phase().toString());
        } else if (pattern instanceof ExpressionPattern e) {
            doc.put("expression", e.source());
        } else if (pattern instanceof ReplayPattern r) {
            if (r.source() == null) {
                throw new IllegalArgumentException("a replay of an in-memory trace cannot be written as a document; "
                        + "import the trace as history and replay history: <series>");
            }
            String[] kind = r.source().split(":", 2);
            doc.put(kind[0].equals(ReplayPattern.BEHAVIOUR) ? "profile" : kind[0], kind[1]);
            doc.put("speedUp", r.speedUp());
            if (r.from() != null) {
                doc.put("from", r.from().toString());
            }
            if (r.to() != null) {
                doc.put("to", r.to().toString());
            }
        }
        return doc;
    }

    private static Map<String, Object> triggerDocument(TriggerCondition t) {
        Map<String, Object> doc = new LinkedHashMap<>();
        if (t instanceof TriggerCondition.Schedule s) {
            doc.put("schedule", s.cron());
            doc.put("zone", s.zone().getId());
        } else if (t instanceof TriggerCondition.CalendarEvent c) {
            doc.put("calendarEvent", c.eventName());
            doc.put("leadTime", c.leadTime().toString());
        } else if (t instanceof TriggerCondition.MetricCondition m) {
            doc.put("metric", m.metric());
            doc.put(m.comparison() == TriggerCondition.Comparison.ABOVE ? "above" : "below", m.threshold());
            doc.put("for", m.sustainedFor().toString());
        }
        return doc;
    }

    private static Duration naturalDuration(LoadPattern pattern) {
        if (pattern instanceof ReplayPattern replay) {
            return Duration.ofMillis(Math.round(replay.replaySeconds() * 1000));
        }
        throw ProfileException.inField("duration", "is missing", "write how long the traffic lasts, e.g. duration: 24h"
                + " (only replay profiles default to the length of their trace)");
    }

    private static LoadPattern pattern(JsonNode node, TraceFolders traces, Function<String, RateTrace> history) {
        if (node == null || !node.isObject()) {
            throw ProfileException.inField("pattern", "is missing or not a mapping",
                    "add a pattern with a type: constant, linear, peak-valley, expression, replay or behaviour");
        }
        String type = required(node, "type", "pattern.").asText();
        return switch (type) {
            case "constant" -> {
                requireKnown(node, Set.of("type", "rate"), "pattern.");
                yield new LoadPattern.Constant(number(node, "rate", "pattern."));
            }
            case "linear" -> {
                requireKnown(node, Set.of("type", "from", "to"), "pattern.");
                yield new LoadPattern.LinearIncrease(number(node, "from", "pattern."), number(node, "to",
                        "pattern."));
            }
            case "peak-valley" -> {
                requireKnown(node, Set.of("type", "period", "peak", "trough", "phase"), "pattern.");
                yield new LoadPattern.PeakValley(duration(node, "period", "pattern."),
                        number(node, "peak", "pattern."), number(node, "trough", "pattern."),
                        node.has("phase") ? duration(node, "phase", "pattern.") : Duration.ZERO);
            }
            case "expression" -> {
                requireKnown(node, Set.of("type", "expression"), "pattern.");
                yield new ExpressionPattern(required(node, "expression", "pattern.").asText());
            }
            case "replay" -> {
                requireKnown(node, Set.of("type", "file", "history", "speedUp", "from", "to"), "pattern.");
                RateTrace trace;
                String source;
                if (node.has("history")) {
                    String series = required(node, "history", "pattern.").asText();
                    trace = history.apply(series);
                    source = "history:" + series;
                } else {
                    Path resolved = traces.resolve(required(node, "file", "pattern.").asText(), "pattern.file");
                    trace = RateTrace.read(resolved, "pattern.file");
                    source = "file:" + resolved;
                }
                yield new ReplayPattern(trace, source, node.has("speedUp") ? number(node, "speedUp", "pattern.")
                        : 1.0, instant(node, "from"), instant(node, "to"));
            }
            case ReplayPattern.BEHAVIOUR -> {
                requireKnown(node, Set.of("type", "profile", "speedUp", "from", "to"), "pattern.");
                String name = required(node, "profile", "pattern.").asText();
                RateTrace trace;
                try {
                    trace = history.apply(ReplayPattern.behaviourSeries(name));
                } catch (ProfileException e) {
                    throw ProfileException.inField("pattern.profile", "behaviour profile '" + name + "' has no "
                            + "expected traffic to play here (" + e.getMessage() + ")", "fit it with prescale "
                            + "behaviour fit LOG --name " + name + " into the store this profile is read from", e);
                }
                yield new ReplayPattern(trace, ReplayPattern.BEHAVIOUR + ":" + name, node.has("speedUp")
                        ? number(node, "speedUp", "pattern.") : 1.0, instant(node, "from"), instant(node, "to"));
            }
            default -> throw ProfileException.inField("pattern.type", "unknown pattern '" + type + "'",
                    "use one of constant, linear, peak-valley, expression, replay, behaviour");
        };
    }

    private static List<TriggerCondition> triggers(JsonNode node) {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ProfileException.inField("triggers", "must be a list", "write each trigger as a '- ' item");
        }
        List<TriggerCondition> triggers = new ArrayList<>();
        for (JsonNode t : node) {
            if (t.has("schedule")) {
                requireKnown(t, Set.of("schedule", "zone"), "triggers.");
                ZoneId zone;
                try {
                    zone = ZoneId.of(required(t, "zone", "triggers.").asText());
                } catch (DateTimeException e) {
                    throw ProfileException.inField("triggers.zone", "'" + t.get("zone").asText()
                            + "' is not a time zone", "use an IANA zone id such as Europe/Berlin or UTC", e);
                }
                triggers.add(new TriggerCondition.Schedule(t.get("schedule").asText(), zone));
            } else if (t.has("calendarEvent")) {
                requireKnown(t, Set.of("calendarEvent", "leadTime"), "triggers.");
                triggers.add(new TriggerCondition.CalendarEvent(t.get("calendarEvent").asText(),
                        t.has("leadTime") ? duration(t, "leadTime", "triggers.") : Duration.ZERO));
            } else if (t.has("metric")) {
                requireKnown(t, Set.of("metric", "above", "below", "for"), "triggers.");
                boolean above = t.has("above");
                if (above == t.has("below")) {
                    throw ProfileException.inField("triggers.above", "metric '" + t.get("metric").asText()
                            + "' needs exactly one of above/below", "write above: 0.7 or below: 0.2");
                }
                triggers.add(new TriggerCondition.MetricCondition(t.get("metric").asText(),
                        above ? TriggerCondition.Comparison.ABOVE : TriggerCondition.Comparison.BELOW,
                        number(t, above ? "above" : "below", "triggers."),
                        t.has("for") ? duration(t, "for", "triggers.") : Duration.ZERO));
            } else {
                throw ProfileException.inField("triggers", "unknown trigger " + t,
                        "use schedule (+ zone), calendarEvent (+ leadTime) or metric (+ above/below, for)");
            }
        }
        return triggers;
    }

    private static Slo slo(JsonNode node) {
        if (node == null) {
            return Slo.NONE;
        }
        requireKnown(node, Set.of("p95", "maxErrorRate"), "slo.");
        Double maxErrors = null;
        if (node.has("maxErrorRate")) {
            String text = node.get("maxErrorRate").asText().strip();
            try {
                maxErrors = Shares.percent(text);
            } catch (NumberFormatException e) {
                throw ProfileException.inField("slo.maxErrorRate", "'" + text + "' is not a percentage",
                        "write e.g. maxErrorRate: 1% (or 0.01)");
            }
        }
        return new Slo(node.has("p95") ? duration(node, "p95", "slo.") : null, maxErrors);
    }

    private static void requireKnown(JsonNode node, Set<String> known, String prefix) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw ProfileException.inField(prefix + name, "is not a known field", "remove it or correct the "
                        + "spelling; known fields here: " + new java.util.TreeSet<>(known));
            }
        }
    }

    private static JsonNode required(JsonNode node, String name) {
        return required(node, name, "");
    }

    private static JsonNode required(JsonNode node, String name, String prefix) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            throw ProfileException.inField(prefix + name, "is missing", "add " + name + ": ...");
        }
        return value;
    }

    private static double number(JsonNode node, String name) {
        return number(node, name, "");
    }

    private static double number(JsonNode node, String name, String prefix) {
        JsonNode value = required(node, name, prefix);
        if (value.isNumber()) {
            return value.asDouble();
        }
        String text = value.asText().strip();
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw ProfileException.inField(prefix + name, "'" + text + "' is not a number", "write a number, e.g. 1.5");
        }
    }

    private static Duration duration(JsonNode node, String name) {
        return duration(node, name, "");
    }

    private static Duration duration(JsonNode node, String name, String prefix) {
        String text = required(node, name, prefix).asText();
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw ProfileException.inField(prefix + name, e.getMessage().substring(0, e.getMessage().indexOf(';')),
                    e.getMessage().substring(e.getMessage().indexOf(';') + 2));
        }
    }

    private static Instant instant(JsonNode node, String name) {
        if (!node.hasNonNull(name)) {
            return null;
        }
        try {
            return OffsetDateTime.parse(node.get(name).asText()).toInstant();
        } catch (DateTimeException e) {
            throw ProfileException.inField("pattern." + name, "'" + node.get(name).asText()
                    + "' is not a timestamp", "write ISO-8601 with an offset, e.g. 1995-07-06T00:00:00-04:00", e);
        }
    }

    private static <E extends Enum<E>> E enumValue(JsonNode node, String name, Class<E> type, E fallback) {
        if (!node.hasNonNull(name)) {
            if (fallback != null) {
                return fallback;
            }
            required(node, name);
        }
        String text = node.get(name).asText().strip().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException e) {
            throw ProfileException.inField(name, "'" + node.get(name).asText() + "' is not a " + type.getSimpleName(),
                    "use one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }
}
