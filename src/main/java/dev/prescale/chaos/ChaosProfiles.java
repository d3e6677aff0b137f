package dev.prescale.chaos;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.prescale.profile.Durations;
import dev.prescale.profile.ProfileException;
import dev.prescale.profile.Shares;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chaos profiles as people write them, in {@code profile-db/chaos/<name>.yaml}, kept like load profiles: a name, the
 * schedule's maximum length, and the faults, each with its kind, start, duration and what it does.
 */
public final class ChaosProfiles {

    /** The folder of chaos profiles when {@code chaos.folder} is not set, relative to the project root. */
    public static final Path DEFAULT_FOLDER = Path.of("profile-db", "chaos");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The fields each kind takes besides kind, start and duration. */
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "latency", Set.of("fixed", "jitter"),
            "errors", Set.of("rate", "status"),
            "dropped-connections", Set.of("rate"),
            "instance-crash", Set.of("instances"),
            "slow-instance", Set.of("instances", "factor"),
            "dependency-outage", Set.of("path", "status"));

    private ChaosProfiles() {
    }

    /** Reads {@code <folder>/<name>.yaml}. */
    public static FaultSchedule load(Path folder, String name) {
        Path file = folder.resolve(name + ".yaml");
        if (!Files.isRegularFile(file)) {
            throw new ProfileException(name, "(file)", "no chaos profile " + file + " exists",
                    "write one (see profile-db/chaos) or name one of " + names(folder));
        }
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new ProfileException(name, "(file)", "cannot be read: " + e.getMessage(), "check the file", e);
        }
    }

    private static List<String> names(Path folder) {
        try (var files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * @throws ProfileException naming the profile, the fault and the field, and the fix
     */
    public static FaultSchedule parse(String text, String origin) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JacksonException e) {
            throw new ProfileException(origin, "(file)", "is not valid YAML: " + e.getOriginalMessage(),
                    "fix the YAML syntax (indentation, 'key: value')", e);
        }
        if (root == null || !root.isObject() || !root.hasNonNull("name")) {
            throw new ProfileException(origin, "name", "is missing", "start the profile with 'name: <name>'");
        }
        String name = root.get("name").asText();
        unknown(root, Set.of("name", "description", "maxLength", "faults"), name, "");
        if (!root.has("faults") || !root.get("faults").isArray() || root.get("faults").isEmpty()) {
            throw new ProfileException(name, "faults", "is missing or empty", "list the faults under 'faults:'");
        }
        List<Fault> faults = new ArrayList<>();
        int i = 0;
        for (JsonNode f : root.get("faults")) {
            i++;
            faults.add(fault(f, name, "faults[" + i + "]"));
        }
        Duration max = root.has("maxLength") ? duration(root, "maxLength", name, "") : Duration.ofMinutes(10);
        try {
            return new FaultSchedule(name, faults, max);
        } catch (IllegalArgumentException e) {
            throw new ProfileException(name, "maxLength", e.getMessage(), "shorten the faults or raise maxLength");
        }
    }

    private static Fault fault(JsonNode f, String profile, String at) {
        String kind = f.path("kind").asText("");
        Set<String> extra = FIELDS.get(kind);
        if (extra == null) {
            throw new ProfileException(profile, at + ".kind", "is '" + kind + "', not a known fault",
                    "use one of " + FIELDS.keySet().stream().sorted().toList());
        }
        Set<String> allowed = new java.util.HashSet<>(extra);
        allowed.addAll(Set.of("kind", "start", "duration"));
        unknown(f, allowed, profile, at);
        Duration start = f.has("start") ? duration(f, "start", profile, at) : Duration.ZERO;
        Duration duration = duration(f, "duration", profile, at);
        try {
            return switch (kind) {
                case "latency" -> new Fault.Latency(start, duration, f.has("fixed") ? duration(f, "fixed", profile, at)
                        : Duration.ZERO, f.has("jitter") ? duration(f, "jitter", profile, at) : Duration.ZERO);
                case "errors" -> new Fault.Errors(start, duration, rate(f, profile, at), status(f, 503));
                case "dropped-connections" -> new Fault.DroppedConnections(start, duration, rate(f, profile, at));
                case "instance-crash" -> new Fault.InstanceCrash(start, duration, f.path("instances").asInt(1));
                case "slow-instance" -> new Fault.SlowInstance(start, duration, f.path("instances").asInt(1),
                        f.path("factor").asDouble(Double.NaN));
                default -> new Fault.DependencyOutage(start, duration, f.path("path").asText(null), status(f, 503));
            };
        } catch (IllegalArgumentException e) {
            throw new ProfileException(profile, at, e.getMessage(), "fix the fault's numbers");
        }
    }

    /** The profile as YAML that {@link #parse} reads back to an equal schedule. */
    public static String toYaml(FaultSchedule schedule, String description) {
        StringBuilder y = new StringBuilder();
        y.append("name: ").append(schedule.name()).append('\n');
        if (description != null) {
            y.append("description: \"").append(description.replace("\"", "'")).append("\"\n");
        }
        y.append("maxLength: ").append(millis(schedule.maxLength())).append("\nfaults:\n");
        for (Fault f : schedule.faults()) {
            y.append("  - kind: ").append(f.kind()).append("\n    start: ").append(millis(f.start()))
                    .append("\n    duration: ").append(millis(f.duration())).append('\n');
            if (f instanceof Fault.Latency l) {
                y.append("    fixed: ").append(millis(l.fixed())).append("\n    jitter: ").append(millis(l.jitterMean()))
                        .append('\n');
            } else if (f instanceof Fault.Errors e) {
                y.append("    rate: ").append(e.rate()).append("\n    status: ").append(e.status()).append('\n');
            } else if (f instanceof Fault.DroppedConnections d) {
                y.append("    rate: ").append(d.rate()).append('\n');
            } else if (f instanceof Fault.InstanceCrash c) {
                y.append("    instances: ").append(c.instances()).append('\n');
            } else if (f instanceof Fault.SlowInstance sl) {
                y.append("    instances: ").append(sl.instances()).append("\n    factor: ").append(sl.factor())
                        .append('\n');
            } else if (f instanceof Fault.DependencyOutage o) {
                y.append("    path: ").append(o.pathPrefix()).append("\n    status: ").append(o.status())
                        .append('\n');
            }
        }
        return y.toString();
    }

    private static String millis(Duration d) {
        return d.toMillis() + "ms";
    }

    private static int status(JsonNode f, int fallback) {
        return f.has("status") ? f.get("status").asInt(-1) : fallback;
    }

    /** A rate as a share (0.05) or a percentage ("5%"). */
    private static double rate(JsonNode f, String profile, String at) {
        String text = f.path("rate").asText("").strip();
        try {
            return Shares.share(text);
        } catch (NumberFormatException e) {
            throw new ProfileException(profile, at + ".rate", "is '" + text + "', not a share or a percentage",
                    "write 0.05 or 5%");
        }
    }

    private static Duration duration(JsonNode node, String field, String profile, String at) {
        try {
            return Durations.parse(node.path(field).asText(null));
        } catch (IllegalArgumentException e) {
            throw new ProfileException(profile, at.isEmpty() ? field : at + "." + field, e.getMessage(),
                    "write a duration such as 30s, 2m or 250ms");
        }
    }

    private static void unknown(JsonNode node, Set<String> allowed, String profile, String at) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!allowed.contains(field)) {
                throw new ProfileException(profile, at.isEmpty() ? field : at + "." + field, "is not a known field",
                        "use " + allowed.stream().sorted().toList());
            }
        }
    }
}
