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
 * Configuration the twelve-factor way: a YAML file (nested keys flatten to dots, {@code controller: {group: web}} is
 * {@code controller.group}), then environment variables over it ({@code PRESCALE_CONTROLLER_GROUP}), then
 * {@code -D} system properties ({@code prescale.controller.group}). Readers collect every problem and {@link #check}
 * reports them all at once, so a user fixes the file in one go.
 */
public final class CliConfig {

    private final Map<String, String> values;
    private final List<String> problems = new ArrayList<>();

    private CliConfig(Map<String, String> values) {
        this.values = values;
    }

    /**
     * @param file YAML file, or null for none
     * @throws IllegalArgumentException when the file cannot be read or is not YAML, naming it
     */
    public static CliConfig load(Path file, Map<String, String> env, Map<String, String> systemProperties) {
        Map<String, String> values = new TreeMap<>();
        if (file != null) {
            try {
                JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
                if (root != null && !root.isObject()) {
                    throw new IllegalArgumentException("config file " + file + " must be a YAML mapping of keys");
                }
                flatten("", root, values);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage()
                        + ". Fix: give a readable YAML file (see README, Running the controller)", e);
            }
        }
        env.forEach((k, v) -> {
            if (k.startsWith("PRESCALE_")) {
                values.put(k.substring("PRESCALE_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), v);
            }
        });
        systemProperties.forEach((k, v) -> {
            if (k.startsWith("prescale.")) {
                values.put(k.substring("prescale.".length()).toLowerCase(Locale.ROOT), v);
            }
        });
        return new CliConfig(values);
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
        p.keySet().removeIf(k -> k.matches("(?i).*(token|password|secret).*"));
        return p;
    }

    public String text(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    /** A required text value; a problem when missing. */
    public String required(String key, String what) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            problems.add(key + " is missing: " + what + " (in the file, or PRESCALE_"
                    + key.toUpperCase(Locale.ROOT).replace('.', '_') + ")");
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
