package dev.prescale.bench;

import dev.prescale.forecast.Calibrated;
import dev.prescale.forecast.ProphetModel;
import dev.prescale.replay.ReplaySuite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark, not a test: the policy replay suite on the real traces of {@code ../shared/data} (NASA July 1995, the
 * realTweets and elb_request_count series of NAB, the Crane CPU series as demand), every trace by the same rule
 * ({@link ReplaySuite}): the last week scored, settings chosen on the training window before it. Prints each trace's
 * table, then one row per trace and the aggregate.
 */
public final class ReplayBench {

    private ReplayBench() {
    }

    public static void main(String[] args) {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
        if (!Files.isDirectory(data)) {
            System.out.println("ReplayBench: " + data.toAbsolutePath() + " is absent; nothing to replay");
            return;
        }
        List<Path> traces = new ArrayList<>();
        traces.addAll(ReplaySuite.traces(data.resolve("traces")));
        traces.addAll(ReplaySuite.traces(data.resolve("nab/realTweets")));
        traces.add(data.resolve("nab/realAWSCloudwatch/elb_request_count_8c0756.csv"));
        traces.addAll(ReplaySuite.traces(data.resolve("cpu")));
        List<Double> targets = List.of(0.5, 0.6, 0.7);
        List<ReplaySuite.TraceResult> results = new ArrayList<>();
        for (Path trace : traces) {
            if (!Files.isRegularFile(trace)) {
                System.out.println("ReplayBench: " + trace + " is absent; skipped");
                continue;
            }
            long started = System.nanoTime();
            ReplaySuite.TraceResult result;
            try {
                result = ReplaySuite.run(trace, targets, 5, 1.0, () -> new Calibrated(new ProphetModel()));
            } catch (RuntimeException e) {
                System.out.println("ReplayBench: " + trace + " skipped: " + e.getMessage());
                continue;
            }
            results.add(result);
            System.out.print(result.report().table());
            System.out.printf("chosen on the training window: %s (%.0f s)%n%n", result.chosen().label(),
                    (System.nanoTime() - started) / 1e9);
        }
        System.out.print(ReplaySuite.table(results, targets));
    }
}
