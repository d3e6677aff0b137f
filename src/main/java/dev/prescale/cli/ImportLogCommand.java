package dev.prescale.cli;

import dev.prescale.profile.Durations;
import dev.prescale.signature.AccessLog;
import dev.prescale.signature.LoadSignatures;
import dev.prescale.store.TimeSeriesStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "import-log", mixinStandardHelpOptions = true,
        description = "Import an access log (Apache/nginx combined or common format) as load signatures: requests, "
                + "failures and response bytes per source class (browsers, crawlers, feed readers, API clients) and "
                + "endpoint, per step, into the load_signature measurement. Lines not in the format are counted and "
                + "the first ten named; the rest is imported.")
final class ImportLogCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Option(names = "--step", defaultValue = "1m", description = "signature step (default ${DEFAULT-VALUE})")
    String step;

    @Override
    public Integer call() throws Exception {
        AccessLog.Result log = AccessLog.read(file);
        LoadSignatures signatures = new LoadSignatures(Durations.parse(step));
        log.entries().forEach(e -> signatures.add(LoadSignatures.Request.of(e)));
        try (TimeSeriesStore store = ConfigOption.requiredStore(config.load().asProperties(),
                "has nowhere to import to")) {
            var points = signatures.points("log:" + file.getFileName());
            store.write(points);
            if (!store.flush(Duration.ofMinutes(5))) {
                throw new IllegalStateException("import still buffered after 5 minutes: " + store.stats());
            }
            System.out.printf("imported %d requests of %s as %d load_signature points; by source: %s%n",
                    signatures.requests(), file, points.size(), signatures.bySource());
        }
        if (log.malformed() > 0) {
            System.out.printf("%d line(s) not in the combined log format were skipped, e.g.:%n  %s%n",
                    log.malformed(), String.join("\n  ", log.firstProblems()));
        }
        return 0;
    }
}
