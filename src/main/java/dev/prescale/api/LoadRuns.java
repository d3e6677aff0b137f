package dev.prescale.api;

import dev.prescale.simulation.GatlingLauncher;
import dev.prescale.simulation.IntensityDial;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Load runs started through the API (seed 002's generate_load, monitor_load, adjust_intensity): each is
 * ProfileSimulation in its own Gatling JVM, recording live results to the store, with an {@link IntensityDial} file
 * the API turns.
 */
public final class LoadRuns implements AutoCloseable {

    /** A run as the API shows it. */
    public record Run(String runId, String profileId, double intensity, double maxIntensity, String started,
                      String state, Integer exitCode) {
    }

    private record Handle(Run start, GatlingLauncher.Running running, Path dial) {
    }

    private final Path folder;
    private final Map<String, String> storeProperties;
    private final Map<String, Handle> runs = new ConcurrentHashMap<>();

    /**
     * @param folder          where each run's dial, Gatling results and output go
     * @param storeProperties how the runs record ({@code prescale.store}, {@code prescale.influx.*}, ...)
     */
    public LoadRuns(Path folder, Map<String, String> storeProperties) {
        this.folder = folder;
        this.storeProperties = Map.copyOf(storeProperties);
    }

    /**
     * @param settings further {@code prescale.*} settings of the run (profileDb, compression, target, slo...)
     */
    public Run start(String profileId, double intensity, double maxIntensity, Map<String, String> settings)
            throws IOException {
        String runId = "api-" + profileId + "-" + Long.toHexString(System.currentTimeMillis()) + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        Path runFolder = Files.createDirectories(folder.resolve(runId));
        Path dial = runFolder.resolve("intensity");
        IntensityDial.set(dial, intensity);
        Map<String, String> properties = new HashMap<>(storeProperties);
        properties.putAll(settings);
        properties.putAll(Map.of("prescale.profile", profileId, "prescale.runId", runId,
                "prescale.intensity", Double.toString(maxIntensity),
                "prescale.intensityFile", dial.toAbsolutePath().toString()));
        GatlingLauncher.Running running = GatlingLauncher.start("dev.prescale.simulations.ProfileSimulation",
                properties, runFolder.resolve("gatling"));
        Run run = new Run(runId, profileId, intensity, maxIntensity, Instant.now().toString(), "running", null);
        runs.put(runId, new Handle(run, running, dial));
        return run;
    }

    public Optional<Run> get(String runId) {
        Handle h = runs.get(runId);
        if (h == null) {
            return Optional.empty();
        }
        double intensity = h.start.intensity();
        try {
            intensity = Double.parseDouble(Files.readString(h.dial).strip());
        } catch (IOException | NumberFormatException e) {
            // the dial is written atomically; a failed read keeps the start value
        }
        Process p = h.running.process();
        return Optional.of(new Run(runId, h.start.profileId(), intensity, h.start.maxIntensity(), h.start.started(),
                p.isAlive() ? "running" : "finished", p.isAlive() ? null : p.exitValue()));
    }

    public List<Run> all() {
        return runs.keySet().stream().sorted().map(this::get).flatMap(Optional::stream).toList();
    }

    /**
     * @throws IllegalArgumentException when {@code intensity} is outside [0, the run's maximum]
     * @throws IllegalStateException    when the run has finished
     */
    public Run adjust(String runId, double intensity) {
        Handle h = runs.get(runId);
        if (!(intensity >= 0 && intensity <= h.start.maxIntensity())) {
            throw new IllegalArgumentException("intensity must be between 0 and the run's maxIntensity "
                    + h.start.maxIntensity() + ", but was " + intensity);
        }
        if (!h.running.process().isAlive()) {
            throw new IllegalStateException("run " + runId + " has finished");
        }
        try {
            IntensityDial.set(h.dial, intensity);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot turn the dial of run " + runId + ": " + e.getMessage(), e);
        }
        return get(runId).orElseThrow();
    }

    public Run stop(String runId) throws InterruptedException {
        Handle h = runs.get(runId);
        h.running.stop();
        h.running.process().waitFor();
        return get(runId).orElseThrow();
    }

    @Override
    public void close() {
        runs.values().forEach(h -> h.running.process().destroy());
    }
}
