package dev.prescale.store;

import dev.prescale.store.influx.InfluxConfig;
import dev.prescale.store.influx.InfluxStore;

import java.nio.file.Path;
import java.util.Map;

/**
 * Opens the store a run is configured for, from system properties and the environment:
 * {@code prescale.store=file} (default: line-protocol files under {@code target/prescale-store}, seeded from
 * {@code profile-db/seed}), {@code influx} (InfluxDB, from the {@code INFLUX_*} environment variables of
 * {@link InfluxConfig#fromEnvironment}, or {@code prescale.influx.url} / {@code prescale.influx.database}), or
 * {@code none}.
 */
public final class Stores {

    public static final Path SEED_FOLDER = Path.of("profile-db", "seed");
    public static final Path FILE_STORE_FOLDER = Path.of("target", "prescale-store");

    private Stores() {
    }

    /** The configured store, or null for {@code none}. */
    public static TimeSeriesStore open(Map<String, String> properties, Map<String, String> env) {
        String kind = properties.getOrDefault("prescale.store", "file").strip().toLowerCase(java.util.Locale.ROOT);
        return switch (kind) {
            case "none" -> null;
            case "file" -> new LineProtocolFileStore(SEED_FOLDER, Path.of(properties.getOrDefault(
                    "prescale.store.folder", FILE_STORE_FOLDER.toString())));
            case "influx" -> {
                InfluxConfig config = InfluxConfig.fromEnvironment(env);
                if (properties.containsKey("prescale.influx.url")) {
                    InfluxConfig given = InfluxConfig.of(properties.get("prescale.influx.url"),
                            properties.getOrDefault("prescale.influx.database", config.database()));
                    config = new InfluxConfig(given.url(), given.database(), config.retentionPolicy(),
                            config.username(), config.password(), config.token(), config.org(), config.bucket(),
                            config.api(), config.bufferCapacity(), config.batchSize(), config.maxBackoff(),
                            config.spillFile());
                }
                yield InfluxStore.connect(config);
            }
            default -> throw new IllegalArgumentException("prescale.store='" + kind + "' is not a store; use file, "
                    + "influx or none");
        };
    }
}
