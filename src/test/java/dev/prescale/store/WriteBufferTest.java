package dev.prescale.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The buffer with a transport that fails on demand: no point is lost, whatever happens. */
class WriteBufferTest {

    @TempDir
    Path dir;

    final List<Point> delivered = new CopyOnWriteArrayList<>();
    final AtomicBoolean serverUp = new AtomicBoolean(true);

    final WriteBuffer.Transport transport = new WriteBuffer.Transport() {
        @Override
        public void send(List<Point> batch) {
            if (!serverUp.get()) {
                throw new StoreException("connection refused", 0, true, null);
            }
            delivered.addAll(batch);
        }

        @Override
        public String describe() {
            return "test server";
        }
    };

    static List<Point> points(int from, int count) {
        List<Point> points = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            points.add(Point.of("m", Instant.ofEpochSecond(i)).field("i", (long) i).build());
        }
        return points;
    }

    @Test
    void keepsEverythingWhileTheServerIsAwayAndDeliversInOrderWhenItReturns() {
        try (WriteBuffer buffer = new WriteBuffer(transport, 10_000, 100, Duration.ofMillis(200),
                dir.resolve("spill.lp"))) {
            buffer.add(points(0, 250));
            assertThat(buffer.flush(Duration.ofSeconds(5))).isTrue();
            serverUp.set(false);
            buffer.add(points(250, 500));
            assertThat(buffer.flush(Duration.ofMillis(700))).isFalse();
            assertThat(buffer.stats().pending()).isEqualTo(500);
            assertThat(buffer.stats().retries()).isPositive();

            serverUp.set(true);

            assertThat(buffer.flush(Duration.ofSeconds(5))).isTrue();
            assertThat(delivered).extracting(p -> p.number("i")).containsExactlyElementsOf(
                    points(0, 750).stream().map(p -> p.number("i")).toList());
            assertThat(buffer.stats().stored()).isEqualTo(750);
            assertThat(buffer.stats().lastError()).contains("connection refused");
        }
    }

    @Test
    void overflowGoesToTheSpillFileNotToNowhere() throws IOException {
        serverUp.set(false);
        Path spill = dir.resolve("spill.lp");
        WriteBuffer buffer = new WriteBuffer(transport, 100, 50, Duration.ofMillis(100), spill);
        buffer.add(points(0, 80));
        buffer.add(points(80, 70)); // 50 more than fit

        assertThat(buffer.stats().spilled()).isEqualTo(50);
        buffer.close(); // the server never came back: the 100 buffered are spilled as well

        List<String> lines = Files.readAllLines(spill);
        assertThat(lines).hasSize(150);
        assertThat(LineProtocol.parseAll(lines, 1_000_000L, spill.toString()))
                .extracting(p -> p.number("i")).containsExactlyInAnyOrderElementsOf(
                        points(0, 150).stream().map(p -> p.number("i")).toList());
        assertThat(delivered).isEmpty();
    }

    @Test
    void aBatchTheServerRefusesIsSpilledOnceNotRetried() throws IOException {
        List<List<Point>> attempts = new CopyOnWriteArrayList<>();
        WriteBuffer.Transport refusing = new WriteBuffer.Transport() {
            @Override
            public void send(List<Point> batch) {
                attempts.add(batch);
                if (batch.stream().anyMatch(p -> p.number("i") == 3)) {
                    throw new StoreException("partial write: field type conflict", 400, false, null);
                }
                delivered.addAll(batch);
            }

            @Override
            public String describe() {
                return "refusing server";
            }
        };
        Path spill = dir.resolve("rejected.lp");
        try (WriteBuffer buffer = new WriteBuffer(refusing, 1_000, 5, Duration.ofMillis(100), spill)) {
            buffer.add(points(0, 15)); // batches 0-4 (refused), 5-9, 10-14

            assertThat(buffer.flush(Duration.ofSeconds(5))).isTrue();
            assertThat(attempts).hasSize(3);
            assertThat(buffer.stats().retries()).isZero();
            assertThat(buffer.stats().spilled()).isEqualTo(5);
            assertThat(buffer.stats().stored()).isEqualTo(10);
            assertThat(buffer.stats().lastError()).contains("field type conflict");
        }
        assertThat(LineProtocol.parseAll(Files.readAllLines(spill), 1_000_000L, spill.toString()))
                .extracting(p -> p.number("i")).containsExactly(0.0, 1.0, 2.0, 3.0, 4.0);
        assertThat(delivered).hasSize(10);
    }
}
