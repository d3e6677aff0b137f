package dev.prescale.cli;

import dev.prescale.profile.Priority;
import dev.prescale.profile.ResourceType;
import dev.prescale.store.ProfileStore;
import dev.prescale.store.Stores;
import dev.prescale.store.TimeSeriesStore;
import dev.prescale.store.TraceImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

@Command(name = "import-trace", mixinStandardHelpOptions = true,
        description = "Import a request-rate trace (CSV timestamp,requests) into the store as a traffic history "
                + "series, with a progress bar; optionally save a replay profile of it.")
final class ImportTraceCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Parameters(index = "1", paramLabel = "SERIES", description = "name of the history series")
    String series;

    @Option(names = "--replay-speed-up", paramLabel = "X",
            description = "also save a profile named SERIES replaying it X times faster")
    Double speedUp;

    @Option(names = "--allow-gaps", description = "import a trace with more missing steps than rows (real silence, "
            + "not a mistyped timestamp); without it such a trace is refused, naming the row")
    boolean allowGaps;

    @Override
    public Integer call() {
        try (TimeSeriesStore store = Stores.open(config.load().asProperties(), System.getenv())) {
            if (store == null) {
                throw new IllegalArgumentException("store=none has nowhere to import to; use file or influx");
            }
            ProfileStore profiles = new ProfileStore(store, Path.of("."));
            long steps = TraceImport.run(profiles, file, series, allowGaps);
            if (speedUp != null) {
                profiles.saveReplayOfHistory(series, series, speedUp, ResourceType.NETWORK_IO, Priority.BUSINESS,
                        Instant.now());
            }
            if (!store.flush(Duration.ofMinutes(5))) {
                throw new IllegalStateException("import still buffered after 5 minutes: " + store.stats());
            }
            System.out.printf("imported %d steps of %s as history series %s%n", steps, file, series);
            return 0;
        }
    }
}
