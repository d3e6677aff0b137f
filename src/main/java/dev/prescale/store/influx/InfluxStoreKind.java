package dev.prescale.store.influx;

import dev.prescale.store.StoreKind;
import dev.prescale.store.TimeSeriesStore;

import java.util.Map;

/**
 * {@code prescale.store=influx}: InfluxDB, from the {@code INFLUX_*} environment variables of
 * {@link InfluxConfig#fromEnvironment}, with {@code prescale.influx.url} and {@code prescale.influx.database} over them.
 */
public final class InfluxStoreKind implements StoreKind {

    @Override
    public String name() {
        return "influx";
    }

    @Override
    public TimeSeriesStore open(Map<String, String> properties, Map<String, String> env) {
        InfluxConfig config = InfluxConfig.fromEnvironment(env);
        if (properties.containsKey("prescale.influx.url")) {
            InfluxConfig given = InfluxConfig.of(properties.get("prescale.influx.url"),
                    properties.getOrDefault("prescale.influx.database", config.database()));
            config = new InfluxConfig(given.url(), given.database(), config.retentionPolicy(), config.username(),
                    config.password(), config.token(), config.org(), config.bucket(), config.api(),
                    config.bufferCapacity(), config.batchSize(), config.maxBackoff(), config.spillFile());
        }
        return InfluxStore.connect(config);
    }
}
