package dev.prescale.store;

import java.util.List;

import dev.prescale.config.Key;
import dev.prescale.profile.ShippedFiles;


import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Opens the store a run is configured for, from system properties and the environment:
 * {@code prescale.store=file} (default: line-protocol files under {@code target/prescale-store}, seeded from
 * {@code profile-db/seed}), {@code influx} (InfluxDB: {@code store.influx.InfluxStoreKind}, found as a {@link StoreKind}),
 * or {@code none}.
 */
public final class Stores {

    public static final Path SEED_FOLDER = Path.of("profile-db", "seed");
    public static final Path FILE_STORE_FOLDER = Path.of("target", "prescale-store");

    /** The keys {@link #open} reads (the store's own, such as {@code influx.*}, besides). */
    public static final List<Key> KEYS = List.of(
            Key.of("store", "influx", "file", "where results and state go: file, influx or none"),
            Key.of("store.folder", "/srv/prescale/store", "target/prescale-store", "the file store's folder"));

    private Stores() {
    }

    /**
     * The configured store, or null for {@code none}.
     *
     * @throws IllegalArgumentException naming the setting and the fix, for a kind that is unknown or not on the
     *                                  classpath
     */
    public static TimeSeriesStore open(Map<String, String> properties, Map<String, String> env) {
        String kind = properties.getOrDefault("prescale.store", "file").strip().toLowerCase(java.util.Locale.ROOT);
        switch (kind) {
            case "none":
                return null;
            case "file":
                return new LineProtocolFileStore(ShippedFiles.orShipped(SEED_FOLDER), Path.of(properties.getOrDefault(
                        "prescale.store.folder", FILE_STORE_FOLDER.toString())));
            default:
                try {
                    for (StoreKind k : ServiceLoader.load(StoreKind.class, Stores.class.getClassLoader())) {
                        if (k.name().equals(kind)) {
                            return k.open(properties, env);
                        }
                    }
                } catch (ServiceConfigurationError | LinkageError missingClient) {
                    throw new IllegalArgumentException("prescale.store='" + kind + "' cannot load its store: "
                            + missingClient.getMessage() + ". Fix: add com.influxdb:influxdb-client-java (7.5.0) to "
                            + "your project for influx, or use prescale.store=file", missingClient);
                }
                throw new IllegalArgumentException("prescale.store='" + kind + "' is not a store here; use file, none"
                        + " or influx (influx needs com.influxdb:influxdb-client-java on the classpath)");
        }
    }
}
