package dev.prescale.profile;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Profiles kept as YAML files, one profile per {@code *.yaml} file in a folder ({@code profile-db/profiles} by
 * default), so they are edited by hand, reviewed in pull requests and versioned with the simulations.
 *
 * <p>Every file is read and validated when the folder is opened: a typo fails the run before any traffic is sent,
 * with the file, field and fix in the message. See {@code profile-db/README.md} for the format.
 */
public final class ProfileFiles implements ProfileSource {

    /** Where profiles live when nothing else is configured, relative to the project root. */
    public static final Path DEFAULT_FOLDER = Path.of("profile-db", "profiles");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> PROFILE_FIELDS = Set.of("profileId", "resourceType", "priority", "duration",
            "scalingFactor", "pattern", "triggers", "slo", "description");

    private final Path folder;
    private final Map<String, LoadProfile> profiles;

    private ProfileFiles(Path folder, Map<String, LoadProfile> profiles) {
        this.folder = folder;
        this.profiles = profiles;
    }

    /**
     * Reads every profile in {@code folder}.
     *
     * @throws ProfileException for the first file that is not a valid profile, or two files with one id
     */
    public static ProfileFiles open(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new ProfileException(folder.toString(), "(folder)", "profile folder " + folder.toAbsolutePath()
                    + " does not exist", "run from the project root, or point prescale.profileDb at a folder of "
                    + "*.yaml profiles");
        }
        Map<String, LoadProfile> byId = new TreeMap<>();
        Map<String, Path> fileOf = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(ProfileFiles::isProfileFile).sorted().toList()) {
                LoadProfile profile = read(file);
                Path earlier = fileOf.putIfAbsent(profile.profileId(), file);
                if (earlier != null) {
                    throw new ProfileException(profile.profileId(), "profileId", "defined twice, in " + earlier
                            + " and " + file, "give each profile its own id");
                }
                byId.put(profile.profileId(), profile);
            }
        } catch (IOException e) {
            throw new ProfileException(folder.toString(), "(folder)", "cannot list " + folder + ": " + e.getMessage(),
                    "check the folder's permissions", e);
        }
        return new ProfileFiles(folder, byId);
    }

    /** Reads one profile file. */
    public static LoadProfile read(Path file) {
        String fileName = file.getFileName().toString();
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new ProfileException(fileName, "(file)", "is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()),
                    "fix the YAML syntax (indentation, 'key: value')", e);
        } catch (IOException e) {
            throw new ProfileException(fileName, "(file)", "cannot be read: " + e.getMessage(),
                    "check the file exists and is readable", e);
        }
        if (root == null || !root.isObject()) {
            throw new ProfileException(fileName, "(file)", "is empty or not a mapping of fields",
                    "start from an example in profile-db/profiles");
        }
        String id = root.hasNonNull("profileId") ? root.get("profileId").asText() : fileName;
        try {
            requireKnown(root, PROFILE_FIELDS, "");
            Duration declared = root.has("duration") ? duration(root, "duration") : null;
            LoadPattern pattern = pattern(root.get("pattern"), file.getParent());
            Duration duration = declared != null ? declared : naturalDuration(pattern);
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
            throw e.inFile(id, file.toString());
        }
    }

    @Override
    public List<LoadProfile> all() {
        return List.copyOf(profiles.values());
    }

    @Override
    public LoadProfile byId(String profileId) {
        LoadProfile profile = profiles.get(profileId);
        if (profile == null) {
            throw new ProfileException(profileId, "profileId", "no such profile in " + folder.toAbsolutePath()
                    + "; known: " + profiles.keySet(), "use one of the known ids or add " + profileId + ".yaml there");
        }
        return profile;
    }

    private static boolean isProfileFile(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    private static Duration naturalDuration(LoadPattern pattern) {
        if (pattern instanceof ReplayPattern replay) {
            return Duration.ofMillis(Math.round(replay.replaySeconds() * 1000));
        }
        throw ProfileException.inField("duration", "is missing", "write how long the traffic lasts, e.g. duration: 24h"
                + " (only replay profiles default to the length of their trace)");
    }

    private static LoadPattern pattern(JsonNode node, Path baseFolder) {
        if (node == null || !node.isObject()) {
            throw ProfileException.inField("pattern", "is missing or not a mapping",
                    "add a pattern with a type: constant, linear, peak-valley, expression or replay");
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
                requireKnown(node, Set.of("type", "file", "speedUp", "from", "to"), "pattern.");
                Path file = Path.of(required(node, "file", "pattern.").asText());
                RateTrace trace = RateTrace.read(file.isAbsolute() ? file : baseFolder.resolve(file),
                        "pattern.file");
                yield new ReplayPattern(trace, node.has("speedUp") ? number(node, "speedUp", "pattern.") : 1.0,
                        instant(node, "from"), instant(node, "to"));
            }
            default -> throw ProfileException.inField("pattern.type", "unknown pattern '" + type + "'",
                    "use one of constant, linear, peak-valley, expression, replay");
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
                maxErrors = text.endsWith("%") ? Double.parseDouble(text.substring(0, text.length() - 1).strip())
                        : Double.parseDouble(text) * 100;
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
