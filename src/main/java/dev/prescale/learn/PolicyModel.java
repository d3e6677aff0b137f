package dev.prescale.learn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prescale.store.Point;
import dev.prescale.store.TimeSeriesStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A trained allocation policy, versioned: its learned values (one weight row per action over the named features), the
 * reward it was trained for, what it was trained on, and whether it won promotion (a policy not promoted only
 * recommends, beside the hand-written one).
 *
 * @param version   {@code learned-<UTC time of training>}
 * @param trainedAt when, ISO-8601
 * @param trainedOn the traces and minutes it learned from
 * @param promoted  true only when it beat the hand-written policy on the replay suite and the fault week
 * @param verdict   why it was or was not promoted
 */
public record PolicyModel(String version, String trainedAt, String trainedOn, List<String> features,
                          List<String> actions, double[][] weights, LearnSettings reward, boolean promoted,
                          String verdict) {

    public static final String MEASUREMENT = "learned_policy";

    private static final ObjectMapper JSON = new ObjectMapper();

    public PolicyModel {
        features = List.copyOf(features);
        actions = List.copyOf(actions);
        if (!features.equals(StateFeatures.NAMES) || actions.size() != Action.values().length
                || weights.length != actions.size()) {
            throw new IllegalArgumentException("policy model " + version + " was trained on other features or "
                    + "actions than this Prescale has (" + features + ", " + actions + "); train it again with "
                    + "prescale learn");
        }
    }

    static PolicyModel of(Instant trainedAt, String trainedOn, double[][] weights, LearnSettings reward) {
        return new PolicyModel("learned-" + trainedAt.toString().replaceAll("[-:]", "").replaceAll("\\.\\d+", ""),
                trainedAt.toString(), trainedOn, StateFeatures.NAMES, java.util.Arrays.stream(Action.values()).map(Enum::name)
                .toList(), weights, reward, false, "not evaluated");
    }

    public PolicyModel withVerdict(boolean promoted, String verdict) {
        return new PolicyModel(version, trainedAt, trainedOn, features, actions, weights, reward, promoted, verdict);
    }

    public String json() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write policy model " + version + " as JSON: " + e.getMessage(), e);
        }
    }

    public Path save(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.writeString(file, json());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the policy model to " + file + ": " + e.getMessage()
                    + "; give --out a writable path", e);
        }
    }

    /**
     * @throws IllegalArgumentException naming the file and the fix when it is missing or not a model
     */
    public static PolicyModel load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no learned policy at " + file + "; train one with prescale learn "
                    + "--suite DIR --out " + file);
        }
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the policy model " + file + ": " + e.getMessage(), e);
        }
    }

    static PolicyModel parse(String json, String origin) {
        try {
            return JSON.readValue(json, PolicyModel.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(origin + " is not a learned policy model (" + e.getOriginalMessage()
                    + "); train one with prescale learn", e);
        }
    }

    /** Keeps the model in the store ({@code learned_policy}, SCHEMA.md), at its training time. */
    public void save(TimeSeriesStore store) {
        store.write(Point.of(MEASUREMENT, Instant.parse(trainedAt)).tag("version", version).field("model", json())
                .field("promoted", promoted).field("verdict", verdict).build());
    }

    /** The newest model in the store, or, with {@code version}, that one. */
    public static Optional<PolicyModel> load(TimeSeriesStore store, String version) {
        List<Point> points = store.read(MEASUREMENT, version == null ? Map.of() : Map.of("version", version),
                Instant.EPOCH, Instant.parse("2262-01-01T00:00:00Z"));
        return points.isEmpty() ? Optional.empty() : Optional.of(parse(points.get(points.size() - 1).text("model"),
                "the store's " + MEASUREMENT + " " + points.get(points.size() - 1).tag("version")));
    }
}
