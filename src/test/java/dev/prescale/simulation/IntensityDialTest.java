package dev.prescale.simulation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class IntensityDialTest {

    /** The dial lets through its share of the arrivals in turn: exactly, not by a coin per user. */
    @Test
    void theShareLetThroughIsTheDialsToWithinOneUser(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("intensity");
        IntensityDial.set(file, 1);
        try (IntensityDial dial = IntensityDial.follow(file, 3, 1)) {
            assertThat(admitted(dial, 300)).isEqualTo(100);

            IntensityDial.set(file, 2.5);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (dial.current() != 2.5 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(dial.current()).as("read from the file").isEqualTo(2.5);
            assertThat(admitted(dial, 300)).isBetween(249, 251);

            IntensityDial.set(file, 0);
            while (dial.current() != 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            admitted(dial, 1); // a credit left from before may let one more through
            assertThat(admitted(dial, 300)).isZero();
        }
    }

    private static int admitted(IntensityDial dial, int arrivals) {
        int n = 0;
        for (int i = 0; i < arrivals; i++) {
            n += dial.admit() ? 1 : 0;
        }
        return n;
    }
}
