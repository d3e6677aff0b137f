package dev.prescale.store;

import java.util.Map;

/**
 * A kind of store {@code prescale.store} can name besides the built-in {@code file} and {@code none}, found with
 * {@link java.util.ServiceLoader}: the InfluxDB store registers itself this way, so this package does not depend on
 * its implementation (or on the InfluxDB client being on the classpath).
 */
public interface StoreKind {

    /** The value of {@code prescale.store} that picks it, e.g. {@code influx}. */
    String name();

    /**
     * @param properties the run's settings as {@code prescale.*} keys
     * @param env        the environment (credentials come from it, never from properties)
     */
    TimeSeriesStore open(Map<String, String> properties, Map<String, String> env);
}
