package dev.prescale.store.influx;

import dev.prescale.store.Point;
import dev.prescale.store.StoreException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A second InfluxDB with authentication on, started and stopped by the project's script. */
class InfluxAuthIT {

    static final Path FOLDER = Path.of("target", "influxdb-auth");
    static String url;

    @BeforeAll
    static void startWithAuth() throws Exception {
        ProcessBuilder start = new ProcessBuilder("bash", "profile-db/influxdb.sh", "start", FOLDER.toString());
        start.environment().put("INFLUX_AUTH_USER", "prescale");
        start.environment().put("INFLUX_AUTH_PASSWORD", "right-password");
        Process p = start.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor()).as(out).isZero();
        url = out.lines().reduce((a, b) -> b).orElseThrow();
    }

    @AfterAll
    static void stop() throws Exception {
        new ProcessBuilder("bash", "profile-db/influxdb.sh", "stop", FOLDER.toString()).start().waitFor();
    }

    @Test
    void wrongCredentialsAreRefusedWithTheFixAndNoSecretInTheMessage() {
        InfluxConfig wrong = InfluxConfig.of(url, "prescale").withCredentials("prescale", "wrong-password");

        assertThatThrownBy(() -> InfluxStore.connect(wrong))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("refused the credentials")
                .hasMessageContaining("INFLUX_USERNAME/INFLUX_PASSWORD")
                .hasMessageNotContaining("wrong-password");
    }

    @Test
    void rightCredentialsReadAndWrite() {
        InfluxConfig right = InfluxConfig.of(url, "prescale").withCredentials("prescale", "right-password");
        try (InfluxStore store = InfluxStore.connect(right)) {
            store.write(Point.of("auth_check", Instant.parse("2026-11-22T00:00:00Z")).field("ok", 1L).build());
            assertThat(store.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(store.read("auth_check", Map.of(), Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z")))
                    .hasSize(1);
        }
    }
}
