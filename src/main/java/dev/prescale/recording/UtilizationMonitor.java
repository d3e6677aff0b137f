package dev.prescale.recording;

import dev.prescale.store.Point;
import dev.prescale.store.TimeSeriesStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Samples a target's utilization every second into the store ({@code utilization}, the schema a rehearsal records),
 * outside any Gatling run: the monitoring agent of a fleet that traffic reaches from elsewhere, whose numbers the
 * controller reads as observed utilization and checks its predictions against.
 */
public final class UtilizationMonitor implements AutoCloseable {

    private final ScheduledExecutorService timer;

    private UtilizationMonitor(TimeSeriesStore store, String runId, Supplier<List<UtilizationSample>> source) {
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "utilization-monitor");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(() -> sample(store, runId, source), 1000 - System.currentTimeMillis() % 1000, 1000,
                TimeUnit.MILLISECONDS);
    }

    /** Starts sampling {@code source} every second under {@code runId}, until closed. */
    public static UtilizationMonitor start(TimeSeriesStore store, String runId,
                                           Supplier<List<UtilizationSample>> source) {
        return new UtilizationMonitor(store, runId, source);
    }

    private static void sample(TimeSeriesStore store, String runId, Supplier<List<UtilizationSample>> source) {
        Instant now = Instant.ofEpochSecond(System.currentTimeMillis() / 1000);
        List<Point> points = new ArrayList<>();
        for (UtilizationSample s : source.get()) {
            points.add(Point.of("utilization", now).tag("run_id", runId).tag("instance", s.instance())
                    .field("cpu", s.cpu()).field("memory_mb", s.memoryMb()).field("in_flight", s.inFlight())
                    .field("rps", Double.isNaN(s.rps()) ? null : s.rps())
                    .field("error_rate", Double.isNaN(s.errorRate()) ? null : s.errorRate())
                    .field("instances", s.instances() < 0 ? null : (long) s.instances())
                    .field("ready_instances", s.readyInstances() < 0 ? null : (long) s.readyInstances()).build());
        }
        store.write(points);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
