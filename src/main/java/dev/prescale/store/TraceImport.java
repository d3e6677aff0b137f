package dev.prescale.store;

import dev.prescale.profile.Priority;
import dev.prescale.profile.ProfileException;
import dev.prescale.profile.RateTrace;
import dev.prescale.profile.ResourceType;
import dev.prescale.simulation.RehearsalSettings;
import me.tongfei.progressbar.ProgressBar;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Imports a request-rate CSV ({@code timestamp,requests}) into the {@code traffic_history} measurement of the
 * configured store, with a progress bar, and optionally saves a profile that replays it.
 *
 * <pre>
 * INFLUX_URL=http://127.0.0.1:8086 mvn -q exec:java -Dexec.mainClass=dev.prescale.store.TraceImport \
 *     -Dprescale.store=influx -Dexec.args="../shared/data/traces/nasa-kennedy-jul1995-per-minute.csv nasa-1995 60"
 * </pre>
 * Arguments: file, series name, and optionally a speed-up: then a replay profile named after the series is saved too.
 */
public final class TraceImport {

    private TraceImport() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: TraceImport FILE SERIES [SPEED_UP]  (store chosen by -Dprescale.store; "
                    + "-Dprescale.allowGaps=true imports a trace that is mostly gaps)");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        try (TimeSeriesStore store = Stores.open(RehearsalSettings.systemProperties(), System.getenv())) {
            if (store == null) {
                throw new IllegalArgumentException("prescale.store=none has nowhere to import to; use file or influx");
            }
            ProfileStore profiles = new ProfileStore(store, Path.of("."));
            long steps = run(profiles, file, args[1], Boolean.getBoolean("prescale.allowGaps"));
            if (!store.flush(Duration.ofMinutes(5))) {
                System.err.println("import still buffered after 5 minutes: " + store.stats());
                System.exit(1);
            }
            System.out.printf("imported %d steps of %s as history series %s%n", steps, file, args[1]);
            if (args.length > 2) {
                profiles.saveReplayOfHistory(args[1], args[1], Double.parseDouble(args[2]), ResourceType.NETWORK_IO,
                        Priority.BUSINESS, Instant.now());
                store.flush(Duration.ofSeconds(30));
                System.out.printf("saved profile %s replaying it at %sx%n", args[1], args[2]);
            }
        } catch (ProfileException | StoreException | IllegalArgumentException e) {
            System.err.println("import failed: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Imports {@code file} as {@code series} with a progress bar on the terminal; returns the steps written.
     *
     * @param allowGaps import a trace with more missing steps than rows ({@link RateTrace#read(Path, String, boolean)});
     *                  without it such a trace, usually one mistyped timestamp, is refused naming the row
     */
    public static long run(ProfileStore profiles, Path file, String series, boolean allowGaps) {
        RateTrace trace = RateTrace.read(file, "file", allowGaps);
        long steps = Math.round(trace.spanSeconds() / trace.stepSeconds());
        try (ProgressBar bar = new ProgressBar("import " + series, steps)) {
            profiles.saveHistory(series, file.getFileName().toString(), trace, trace.start(), trace.end(),
                    bar::stepTo);
        }
        return steps;
    }
}
