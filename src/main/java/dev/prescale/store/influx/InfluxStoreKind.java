package dev.prescale.store.influx;

import dev.prescale.store.StoreKind;
import dev.prescale.store.TimeSeriesStore;

import java.util.Map;

/**
 * {@code prescale.store=influx}: InfluxDB, from the {@code influx.*} keys over the {@code INFLUX_*}
 * environment variables ({@link InfluxConfig#from}).
 */
public final class InfluxStoreKind implements StoreKind {

    @Override
    public String name() {
        return "influx";
    }

    @Override
    public TimeSeriesStore open(Map<String, String> properties, Map<String, String> env) {
        InfluxConfig config = InfluxConfig.from(properties, env);
        return InfluxStore.connect(config);
    }
}
