package dev.prescale.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.prescale.profile.Shares;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Configuration the twelve-factor way, one key-naming rule for every channel: a YAML file (nested keys flatten to dots,
 * {@code scaling: {target: 0.7}} is {@code scaling.target}), then environment variables over it
 * ({@code PRESCALE_SCALING_TARGET}), then {@code -D} system properties ({@code -Dprescale.scaling.target}). Keys match
 * in any case ({@code runLength} is {@code runlength}). Readers collect every problem and {@link #check} reports them all
 * at once, so a user fixes the file in one go. The keys every feature reads are listed beside its reader as
 * {@link Key}s; {@link #unknown} names the rest, with the key that was probably meant.
 */
public final class Config {

    /** Where a value came from; later channels override earlier ones. */
    public enum Source { FILE, ENV, PROPERTY }

    /** A key set that no feature reads, where it was set, and a message naming the key probably meant. */
    public record Unknown(String key, Source source, String message) {
    }

    /** The property naming a configuration file for processes without a {@code --config} option (simulations). */
    public static final String FILE_PROPERTY = "prescale.config";

    private static final String SECRET = "(?i).*(token|password|secret).*";

    private final Map<String, String> values;
    private final Map<String, Source> sources;
    private final List<String> problems = new ArrayList<>();

    private Config(Map<String, String> values, Map<String, Source> sources) {
        this.values = values;
        this.sources = sources;
    }

    /**
     * This process's configuration: the file named by {@code -Dprescale.config} or {@code PRESCALE_CONFIG} (none when
     * neither is set), the environment and the system properties. What a simulation reads, so a Gatling run takes the
     * same file, {@code PRESCALE_*} and {@code -Dprescale.*} keys as the CLI.
     */
    public static Config current() {
        Map<String, String> properties = new TreeMap<>();
        System.getProperties().forEach((k, v) -> properties.put(k.toString(), v.toString()));
        String file = properties.getOrDefault(FILE_PROPERTY, System.getenv("PRESCALE_CONFIG"));
        return load(file == null || file.isBlank() ? null : Path.of(file.strip()), System.getenv(), properties);
    }

    /**
     * @param file YAML file, or null for none
     * @throws IllegalArgumentException when the file cannot be read or is not YAML, naming it
     */
    public static Config load(Path file, Map<String, String> env, Map<String, String> systemProperties) {
        Map<String, String> values = new TreeMap<>();
        Map<String, Source> sources = new TreeMap<>();
        if (file != null) {
            try {
                JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
                if (root != null && !root.isObject()) {
                    throw new IllegalArgumentException("config file " + file + " must be a YAML mapping of keys");
                }
                flatten("", root, values);
                values.keySet().forEach(k -> sources.put(k, Source.FILE));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage()
                        + ". Fix: give a readable YAML file (see README, Running the controller)", e);
            }
        }
        env.forEach((k, v) -> {
            if (k.startsWith("PRESCALE_") && !k.equals("PRESCALE_CONFIG")) {
                String key = k.substring("PRESCALE_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
                values.put(key, v);
                sources.put(key, Source.ENV);
            }
        });
        systemProperties.forEach((k, v) -> {
            if (k.startsWith("prescale.") && !k.equals(FILE_PROPERTY)) {
                String key = k.substring("prescale.".length()).toLowerCase(Locale.ROOT);
                values.put(key, v);
                sources.put(key, Source.PROPERTY);
            }
        });
        return new Config(values, sources);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey().toLowerCase(Locale.ROOT)
                        : prefix + "." + e.getKey().toLowerCase(Locale.ROOT), e.getValue(), into);
            }
        } else {
            into.put(prefix, node.asText());
        }
    }

    /**
     * {@code properties} read case-insensitively: the one key rule (a key is the same in any case, in a file, the
     * environment or {@code -D}) for a feature's reader given system-property style settings.
     */
    public static Map<String, String> caseInsensitive(Map<String, String> properties) {
        Map<String, String> keys = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        keys.putAll(properties);
        return keys;
    }

    /** Every key as {@code prescale.<key>}, for the parts that read system-property style settings. */
    public Map<String, String> asProperties() {
        Map<String, String> p = new TreeMap<>();
        values.forEach((k, v) -> p.put("prescale." + k, v));
        return p;
    }

    /**
     * {@link #asProperties()} without secrets (keys naming a token, password or secret), for a child JVM's command
     * line, which other users of the machine can read; the child inherits the environment, where secrets belong.
     */
    public Map<String, String> childProperties() {
        Map<String, String> p = new TreeMap<>(asProperties());
        p.keySet().removeIf(k -> k.matches(SECRET));
        return p;
    }

    /**
     * The secrets {@link #childProperties()} leaves out, as {@code PRESCALE_*} environment variables for the child: a
     * password given in the file reaches the child without showing on its command line.
     */
    public Map<String, String> childEnvironment() {
        Map<String, String> env = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.matches(SECRET)) {
                env.put(environmentName(k), v);
            }
        });
        return env;
    }

    /** The environment variable for a key: {@code scaling.target} is {@code PRESCALE_SCALING_TARGET}. */
    public static String environmentName(String key) {
        return "PRESCALE_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** Whether a key names a secret (a token, password or secret), whose value is never printed. */
    public static boolean secret(String key) {
        return key.matches(SECRET);
    }

    /** Every key set, lower-case, in order. */
    public java.util.Set<String> keys() {
        return java.util.Collections.unmodifiableSet(values.keySet());
    }

    /** Where a key's value came from, empty when it is not set. */
    public java.util.Optional<Source> source(String key) {
        return java.util.Optional.ofNullable(sources.get(key.toLowerCase(Locale.ROOT)));
    }

    /**
     * The keys set that no feature reads, each with the known key it is closest to (a typo such as
     * {@code scaling.targt} silently keeping the default is the mistake this catches).
     */
    public List<Unknown> unknown(java.util.Collection<Key> known) {
        java.util.Set<String> names = new java.util.HashSet<>();
        known.forEach(k -> names.add(k.name()));
        List<Unknown> unknown = new ArrayList<>();
        for (String key : values.keySet()) {
            if (!names.contains(key)) {
                String closest = null;
                int best = Integer.MAX_VALUE;
                for (String name : names) {
                    int d = Key.distance(key, name);
                    if (d < best) {
                        best = d;
                        closest = name;
                    }
                }
                unknown.add(new Unknown(key, sources.get(key), key + " (" + sourceName(key)
                        + ") is not a key Prescale reads" + (closest != null && best <= Math.max(2, key.length() / 4)
                        ? "; did you mean " + closest + "?" : "; `prescale config keys` lists them")));
            }
        }
        return unknown;
    }

    private String sourceName(String key) {
        return switch (sources.get(key)) {
            case FILE -> "in the file";
            case ENV -> environmentName(key);
            case PROPERTY -> "-Dprescale." + key;
        };
    }

    public String text(String key, String fallback) {
        return values.getOrDefault(key.toLowerCase(Locale.ROOT), fallback);
    }

    /** A required text value; a problem when missing. */
    public String required(String key, String what) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            problems.add(key + " is missing: " + what + " (in the file, or " + environmentName(key) + ")");
            return "";
        }
        return v;
    }

    public double number(String key, double fallback, double min, double max) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Shares.share(v);
            if (d >= min && d <= max) {
                return d;
            }
            problems.add(key + "=" + v + " is outside [" + min + ", " + max + "]");
        } catch (NumberFormatException e) {
            problems.add(key + "=" + v + " is not a number");
        }
        return fallback;
    }

    public int integer(String key, int fallback, int min, int max) {
        return (int) Math.round(number(key, fallback, min, max));
    }

    /** A duration like {@code 90s}, {@code 5m}, {@code 2h}, {@code 1d} (or ISO-8601, {@code PT5M}). */
    public Duration duration(String key, Duration fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return dev.prescale.profile.Durations.parse(v);
        } catch (RuntimeException e) {
            problems.add(key + "=" + v + " is not a duration (write 30s, 5m, 2h or 1d)");
            return fallback;
        }
    }

    public boolean flag(String key, boolean fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        problems.add(key + "=" + v + " is not true or false");
        return fallback;
    }

    /** Adds a problem found by the caller (a cross-field rule). */
    public void problem(String message) {
        problems.add(message);
    }

    /** The problems found so far. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** @throws IllegalArgumentException listing every problem found so far, one per line */
    public void check() {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the configuration has " + problems.size() + " problem"
                    + (problems.size() == 1 ? "" : "s") + ":\n  - " + String.join("\n  - ", problems));
        }
    }
}
