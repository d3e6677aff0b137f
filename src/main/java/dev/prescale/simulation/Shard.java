package dev.prescale.simulation;

import dev.prescale.config.Key;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which part of a rehearsal this injector sends: shard {@code index} of {@code count}, all shards starting at
 * {@code start}. On Kubernetes an Indexed Job gives each pod its index as {@code JOB_COMPLETION_INDEX}; the count and
 * the start come from the Job's configuration ({@code shard.count}, {@code shard.start}). Without a start, the shards
 * meet at a barrier in the store ({@link ShardBarrier}) and start together a few seconds after the last one is ready.
 *
 * @param index     0 .. count - 1
 * @param count     injectors sharing the rehearsal (1: not sharded)
 * @param start     when every shard starts sending, if agreed beforehand
 * @param barrier   how long a shard waits at the barrier for the others before the run fails naming them
 */
public record Shard(int index, int count, Optional<Instant> start, java.time.Duration barrier) {

    public static final Shard SINGLE = new Shard(0, 1, Optional.empty(), java.time.Duration.ofMinutes(5));

    /** The variable Kubernetes sets in each pod of an Indexed Job. */
    public static final String INDEX_VARIABLE = "JOB_COMPLETION_INDEX";

    public static final List<Key> KEYS = List.of(
            Key.of("shard.count", "3", "1", "injectors sharing the rehearsal (an Indexed Job's completions)"),
            Key.of("shard.index", "2", "JOB_COMPLETION_INDEX, else 0", "this injector's shard, 0 .. count - 1"),
            Key.of("shard.start", "2026-11-27T18:00:00Z", "a barrier in the store",
                    "when every shard starts sending (ISO-8601 instant)"),
            Key.of("shard.barrier", "10m", "5m", "how long a shard waits for the others at the barrier"));

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard.index=" + index + " with shard.count=" + count + " is not a "
                    + "shard: the index runs from 0 to count - 1 (an Indexed Job's JOB_COMPLETION_INDEX does)");
        }
    }

    public boolean sharded() {
        return count > 1;
    }

    /** The tag value results carry: the index, or null when not sharded. */
    public String tag() {
        return sharded() ? String.valueOf(index) : null;
    }

    /**
     * @param properties {@code prescale.*} keys, any case
     * @param env        the environment, for {@value #INDEX_VARIABLE}
     * @throws IllegalArgumentException naming the key and the fix
     */
    public static Shard from(Map<String, String> properties, Map<String, String> env) {
        Map<String, String> p = RehearsalSettings.caseInsensitive(properties);
        int count = integer("shard.count", p.getOrDefault("prescale.shard.count", "1"));
        String index = p.get("prescale.shard.index");
        if (index == null || index.isBlank()) {
            index = env.getOrDefault(INDEX_VARIABLE, "0");
        }
        Optional<Instant> start = Optional.ofNullable(p.get("prescale.shard.start")).filter(s -> !s.isBlank())
                .map(s -> {
                    try {
                        return Instant.parse(s.strip());
                    } catch (DateTimeParseException e) {
                        throw new IllegalArgumentException("shard.start='" + s + "' is not an instant; write e.g. "
                                + "2026-11-27T18:00:00Z", e);
                    }
                });
        java.time.Duration barrier = dev.prescale.profile.Durations.parse(p.getOrDefault("prescale.shard.barrier",
                "5m"));
        return new Shard(integer("shard.index", index), count, start, barrier);
    }

    private static int integer(String key, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "='" + value + "' is not a whole number", e);
        }
    }
}
