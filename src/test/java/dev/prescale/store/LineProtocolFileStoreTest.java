package dev.prescale.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineProtocolFileStoreTest extends TimeSeriesStoreContract {

    static final Path SEED = Path.of("profile-db", "seed");

    @TempDir
    Path dir;

    @Override
    protected TimeSeriesStore newStore() {
        return new LineProtocolFileStore(null, dir.resolve("data"));
    }

    @Override
    protected TimeSeriesStore seededStore() {
        return new LineProtocolFileStore(SEED, dir.resolve("seeded"));
    }

    @Test
    void malformedSeedFileNamesTheLine() throws IOException {
        Path seed = Files.createDirectories(dir.resolve("seed"));
        Files.writeString(seed.resolve("bad.lp"), "# ok\ncalendar_event,event=x duration_s=60i 1795755600\n"
                + "calendar_event,event=y duration_s= 1795755600\n");

        assertThatThrownBy(() -> new LineProtocolFileStore(seed, dir.resolve("data")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("bad.lp line 3 is not valid line protocol")
                .hasMessageContaining("field 'duration_s' has no value")
                .hasMessageContaining("Fix: write 'measurement,tag=value field=value timestamp'");
    }
}
