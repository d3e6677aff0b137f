package dev.prescale.store.influx;

import dev.prescale.profile.LoadProfile;
import dev.prescale.profile.Priority;
import dev.prescale.profile.RateTrace;
import dev.prescale.profile.ResourceType;
import dev.prescale.store.ProfileStore;
import dev.prescale.store.TraceImport;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A month of real per-minute traffic into InfluxDB, and a replay profile made from it. */
class TraceImportIT {

    static final Path NASA = Path.of("../shared/data/traces/nasa-kennedy-jul1995-per-minute.csv");
    static final Path OWN = Path.of("profile-db/traces/flash-sale-per-minute.csv");

    @Test
    void importsEveryStepAndReplaysHistoryAsAProfile() {
        Path file = Files.exists(NASA) ? NASA : OWN; // the shared data is optional; our own trace is always here
        RateTrace trace = RateTrace.read(file, "file");
        String db = InfluxServer.newDatabase();
        try (InfluxStore store = InfluxStore.connect(InfluxConfig.of(InfluxServer.url(), db))) {
            ProfileStore profiles = new ProfileStore(store, Path.of("."));

            long steps = TraceImport.run(profiles, file, "imported", false);
            assertThat(store.flush(Duration.ofMinutes(2))).isTrue();
            LoadProfile replay = profiles.saveReplayOfHistory("imported-replay", "imported", 60,
                    ResourceType.NETWORK_IO, Priority.BUSINESS, Instant.parse("2026-11-22T00:00:00Z"));
            store.flush(Duration.ofSeconds(10));

            assertThat(steps).isEqualTo(Math.round(trace.spanSeconds() / trace.stepSeconds()));
            var count = store.query("SELECT count(requests), sum(requests) FROM traffic_history "
                    + "WHERE trace = 'imported'").get(0).getValues().get(0);
            assertThat(((Number) count.getValueByKey("count")).longValue()).isEqualTo(steps);
            assertThat(((Number) count.getValueByKey("sum")).doubleValue()).isCloseTo(trace.totalRequests(),
                    within(1e-6));
            LoadProfile back = profiles.byId("imported-replay");
            assertThat(back.totalRequests()).isCloseTo(replay.totalRequests(), within(1e-6));
            assertThat(back.totalRequests()).isCloseTo(trace.totalRequests() / 60, within(1e-6));
        }
    }
}
