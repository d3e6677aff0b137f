package dev.prescale.store.influx;

import dev.prescale.store.Point;
import dev.prescale.store.StoreException;
import dev.prescale.store.TimeSeriesStore;
import dev.prescale.store.TimeSeriesStoreContract;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract suite and the failure modes against the real InfluxDB 1.x started by profile-db/influxdb.sh. */
class InfluxStoreIT extends TimeSeriesStoreContract {

    @Override
    protected TimeSeriesStore newStore() {
        return InfluxStore.connect(InfluxConfig.of(InfluxServer.url(), InfluxServer.newDatabase()));
    }

    @Override
    protected TimeSeriesStore seededStore() {
        return InfluxStore.connect(InfluxConfig.of(InfluxServer.url(), "prescale"));
    }

    @Test
    void detectsTheOneXServerAndWritesThroughSlashWrite() {
        try (InfluxStore store = InfluxStore.connect(InfluxConfig.of(InfluxServer.url(), "prescale"))) {
            assertThat(store.serverVersion()).startsWith("1.6");
            assertThat(store.api()).isEqualTo(InfluxConfig.Api.V1);
        }
    }

    @Test
    void unreachableServerSaysHowToStartIt() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        int port = closedPort;
        assertThatThrownBy(() -> InfluxStore.connect(InfluxConfig.of("http://127.0.0.1:" + port, "prescale")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("InfluxDB at http://127.0.0.1:" + port + " is unreachable")
                .hasMessageContaining("profile-db/influxdb.sh start");
    }

    @Test
    void missingDatabaseIsNamedWithTheFix() {
        assertThatThrownBy(() -> InfluxStore.connect(InfluxConfig.of(InfluxServer.url(), "no_such_db")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("database 'no_such_db' does not exist")
                .hasMessageContaining("CREATE DATABASE \"no_such_db\"");
    }

    @Test
    void influxQlReadsWhatWasWritten() {
        String db = InfluxServer.newDatabase();
        try (InfluxStore store = InfluxStore.connect(InfluxConfig.of(InfluxServer.url(), db))) {
            for (int i = 0; i < 10; i++) {
                store.write(Point.of("request_results", Instant.parse("2026-11-27T13:00:00Z").plusSeconds(i))
                        .tag("run_id", "r1").tag("request", "browse").field("count", (long) i).build());
            }
            assertThat(store.flush(Duration.ofSeconds(10))).isTrue();

            var series = store.query("SELECT sum(\"count\") FROM request_results WHERE run_id = 'r1'");

            assertThat(series).singleElement().satisfies(s ->
                    assertThat(((Number) s.getValues().get(0).getValueByKey("sum")).doubleValue()).isEqualTo(45));
        }
    }
}
