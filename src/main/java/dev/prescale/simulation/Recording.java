package dev.prescale.simulation;

import dev.prescale.profile.Slo;
import dev.prescale.recording.RunRecorder;
import dev.prescale.recording.UtilizationSample;
import dev.prescale.shadow.ShadowMetrics;
import dev.prescale.shadow.ShadowService;
import dev.prescale.store.Stores;
import dev.prescale.store.TimeSeriesStore;
import dev.prescale.store.WriteStats;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A simulation's live results: the configured store ({@link Stores}) and a {@link RunRecorder} writing to it, with
 * the embedded shadow service's utilization sampled when the target is one. With {@code prescale.store=none} there is
 * no recorder and requests are sent unrecorded.
 */
public final class Recording implements AutoCloseable {

    private final TimeSeriesStore store;
    private final RunRecorder recorder;

    private Recording(TimeSeriesStore store, RunRecorder recorder) {
        this.store = store;
        this.recorder = recorder;
    }

    /**
     * @param properties system properties ({@code prescale.store}, {@code prescale.runId}, ...)
     * @param env        environment ({@code INFLUX_*})
     */
    public static Recording open(Map<String, String> properties, Map<String, String> env, RehearsalTarget target,
                                 String simulation, String profileId, double expectedRequests, Slo slo) {
        TimeSeriesStore store = Stores.open(properties, env);
        if (store == null) {
            return new Recording(null, null);
        }
        Shard shard = Shard.from(properties, env);
        String runId = properties.get("prescale.runId");
        if (runId == null || runId.isBlank()) {
            if (shard.sharded()) {
                throw new IllegalArgumentException("shard.count=" + shard.count() + " needs runid, the same for every "
                        + "shard, so their results make one run (the Job's manifests set it from the Job's name)");
            }
            runId = newRunId(profileId == null ? "run" : profileId);
        }
        RunRecorder recorder = new RunRecorder(store, new RunRecorder.RunInfo(runId, simulation, profileId,
                expectedRequests, slo, shard.tag()), Clock.systemUTC(),
                () -> target.shadow().map(Recording::sample).orElse(List.of()));
        return new Recording(store, recorder);
    }

    /** The store results go to, or null when recording is off. */
    public TimeSeriesStore store() {
        return store;
    }

    /** The recorder, or null when recording is off. */
    public RunRecorder recorder() {
        return recorder;
    }

    @Override
    public void close() {
        close(null);
    }

    /**
     * Finishes recording, then hands the store and the run id to {@code afterRecording} (when recording is on) before
     * the store is released: for work on the run's stored results.
     */
    public void close(java.util.function.BiConsumer<TimeSeriesStore, String> afterRecording) {
        if (recorder != null) {
            boolean stored = recorder.finish(Duration.ofSeconds(30));
            WriteStats stats = store.stats();
            System.out.printf("Prescale: run %s recorded %d requests to %s: %d points stored, %d pending, %d retries,"
                            + " %d spilled%s%n", recorder.run().runId(), recorder.count(),
                    store.getClass().getSimpleName(), stats.stored(), stats.pending(), stats.retries(), stats.spilled(),
                    stored ? "" : " (not all stored before the timeout; last error: " + stats.lastError() + ")");
            if (afterRecording != null) {
                try {
                    afterRecording.accept(store, recorder.run().runId());
                } catch (RuntimeException e) {
                    System.out.println("Prescale: after the run: " + e.getMessage());
                }
            }
        }
        if (store != null) {
            store.close();
        }
    }

    static String newRunId(String prefix) {
        return prefix + "-" + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }

    /** The shadow fleet as utilization samples: one per instance and one for the fleet. */
    public static List<UtilizationSample> sample(ShadowService shadow) {
        ShadowMetrics m = shadow.metrics();
        List<UtilizationSample> samples = new ArrayList<>();
        double memory = 0;
        long inFlight = 0;
        for (ShadowMetrics.InstanceMetrics i : m.perInstance()) {
            samples.add(new UtilizationSample(String.valueOf(i.id()), i.cpuUtilization(), i.memoryMb(), i.inFlight(),
                    Double.NaN, Double.NaN, -1, -1));
            memory += i.memoryMb();
            inFlight += i.inFlight();
        }
        samples.add(new UtilizationSample(UtilizationSample.FLEET, m.meanUtilization(), memory, inFlight,
                m.requestsPerSecond(), m.errorRate(), m.instances(), m.readyInstances()));
        return samples;
    }
}
