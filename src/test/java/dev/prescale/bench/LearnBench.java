package dev.prescale.bench;

import dev.prescale.cli.PrescaleCli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark, not a test: {@code prescale learn} on the dev replay suite (the traces {@link ReplayBench} replays: NASA
 * July 1995, the realTweets and elb_request_count series of NAB, the Crane CPU series), linked into one folder under
 * {@code target/learn-bench}. Prints the training log and time, each trace's replay with the learned row, the combined
 * cost per trace against the hand-written default and reactive, the fault week, the verdict and the decision latency.
 */
public final class LearnBench {

    private LearnBench() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/data").toAbsolutePath().normalize();
        if (!Files.isDirectory(data)) {
            System.out.println("LearnBench: " + data + " is absent; nothing to learn from");
            return;
        }
        Path suite = Files.createDirectories(Path.of("target", "learn-bench", "suite"));
        try (var old = Files.list(suite)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        List<Path> traces = new ArrayList<>();
        traces.addAll(dev.prescale.replay.ReplaySuite.traces(data.resolve("traces")));
        traces.addAll(dev.prescale.replay.ReplaySuite.traces(data.resolve("nab/realTweets")));
        traces.add(data.resolve("nab/realAWSCloudwatch/elb_request_count_8c0756.csv"));
        traces.addAll(dev.prescale.replay.ReplaySuite.traces(data.resolve("cpu")));
        for (Path t : traces) {
            if (Files.isRegularFile(t)) {
                Files.createSymbolicLink(suite.resolve(t.getFileName()), t);
            }
        }
        Path config = Files.writeString(Path.of("target", "learn-bench", "prescale.yaml"), "store: none\n");
        int exit = PrescaleCli.commandLine().execute("learn", "--suite", suite.toString(), "--out",
                Path.of("target", "learn-bench", "policy.json").toString(), "-c", config.toString());
        System.out.println("LearnBench: prescale learn exited " + exit);
    }
}
