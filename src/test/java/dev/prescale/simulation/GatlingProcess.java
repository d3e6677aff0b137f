package dev.prescale.simulation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a Gatling simulation in its own JVM, the way gatling-maven-plugin does ({@code io.gatling.app.Gatling -s ...}),
 * and reads Gatling's own verdict from its console: the request count of the global statistics and the assertion
 * lines. Gatling 3.15 writes no machine-readable stats file, so the console is its results interface.
 */
public final class GatlingProcess {

    private static final Pattern REQUEST_COUNT = Pattern.compile("> request count\\s*\\|\\s*([\\d,]+)");
    private static final Pattern KO_COUNT = Pattern.compile(
            "> request count\\s*\\|\\s*[\\d,]+\\s*\\|\\s*[\\d,-]+\\s*\\|\\s*([\\d,-]+)");
    private static final Pattern P95 = Pattern.compile("> response time 95th percentile \\(ms\\)\\s*\\|\\s*([\\d,]+)");

    public record Result(int exitCode, String output) {

        /** Gatling's global request count, from its end-of-run statistics. */
        public long requestCount() {
            Matcher m = REQUEST_COUNT.matcher(output);
            if (!m.find()) {
                throw new AssertionError("Gatling printed no request count; its output was:\n" + output);
            }
            return Long.parseLong(m.group(1).replace(",", ""));
        }

        /** Gatling's global count of failed (KO) requests. */
        public long koCount() {
            Matcher m = KO_COUNT.matcher(output);
            if (!m.find()) {
                throw new AssertionError("Gatling printed no request count; its output was:\n" + output);
            }
            return m.group(1).equals("-") ? 0 : Long.parseLong(m.group(1).replace(",", ""));
        }

        /** Gatling's global 95th percentile of response time over all requests, ms. */
        public long p95Millis() {
            Matcher m = P95.matcher(output);
            if (!m.find()) {
                throw new AssertionError("Gatling printed no 95th percentile; its output was:\n" + output);
            }
            return Long.parseLong(m.group(1).replace(",", ""));
        }

        /** The assertion lines Gatling printed ("Global: ... : true (actual : 42.0)"). */
        public List<String> assertions() {
            return output.lines().filter(l -> l.startsWith("Global: ")).toList();
        }
    }

    private GatlingProcess() {
    }

    public static Result run(String simulationClass, Map<String, String> properties, Path resultsFolder, Duration timeout)
            throws IOException, InterruptedException {
        return start(simulationClass, properties, resultsFolder).await(timeout);
    }

    /** A Gatling JVM started in the background. */
    public record Running(Process process, Path log) {
        public Result await(Duration timeout) throws IOException, InterruptedException {
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("Gatling did not finish within " + timeout + "; output so far in " + log);
            }
            return new Result(process.exitValue(), Files.readString(log));
        }
    }

    public static Running start(String simulationClass, Map<String, String> properties, Path resultsFolder)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the JVM options gatling-maven-plugin passes; Gatling's log writer needs java.lang opened
        command.addAll(List.of("-Xmx512m", "-XX:MaxInlineLevel=20", "-XX:MaxTrivialSize=12",
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED"));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.addAll(List.of("io.gatling.app.Gatling", "-s", simulationClass, "-rf", resultsFolder.toString()));
        Files.createDirectories(resultsFolder);
        Path log = resultsFolder.resolve(simulationClass + "-" + System.nanoTime() + ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Running(process, log);
    }
}
