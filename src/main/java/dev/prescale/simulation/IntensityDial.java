package dev.prescale.simulation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Changes a running rehearsal's intensity. Gatling's open injection is fixed when a run starts, so the run injects at
 * the most it may be asked for ({@code max}) and lets through {@code current / max} of the arriving users, in turn (a
 * running credit, not a coin per user): the achieved rate follows the dial within a second and is its share of the
 * injected rate to within one request, where random admission was off by its binomial noise (a sixth of the rate per
 * second at a third of the maximum). The dial is a one-line file (the number), written by whoever controls the run
 * (the HTTP API) and read every 250 ms.
 */
public final class IntensityDial implements AutoCloseable {

    private final Path file;
    private final double max;
    private final ScheduledExecutorService reader;
    private volatile double current;
    /** Users owed a send: grows by {@code current / max} per arrival, one spent per user let through. */
    private double credit;

    private IntensityDial(Path file, double max, double initial) {
        this.file = file;
        this.max = max;
        this.current = initial;
        read(); // the file's value from the first user on, when it is there already
        this.reader = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "intensity-dial");
            thread.setDaemon(true);
            return thread;
        });
        reader.scheduleAtFixedRate(this::read, 250, 250, TimeUnit.MILLISECONDS);
    }

    /** Follows {@code file}; until it says otherwise, the intensity is {@code initial}. */
    public static IntensityDial follow(Path file, double max, double initial) {
        return new IntensityDial(file, max, initial);
    }

    /** Sets the dial {@code file} to {@code intensity} atomically (a reader never sees half a number). */
    public static void set(Path file, double intensity) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, Double.toString(intensity));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public double current() {
        return current;
    }

    /** Whether one user arriving at the maximum rate sends its request now. */
    public synchronized boolean admit() {
        credit += max <= 0 ? 0 : current / max;
        if (credit >= 1 - 1e-9) {
            credit -= 1;
            return true;
        }
        return false;
    }

    private void read() {
        try {
            double value = Double.parseDouble(Files.readString(file).strip());
            if (value >= 0 && value <= max) {
                current = value;
            }
        } catch (IOException | NumberFormatException e) {
            // keep the last good value: the writer replaces the file atomically, so this is only a missing file
        }
    }

    @Override
    public void close() {
        reader.shutdownNow();
    }
}
