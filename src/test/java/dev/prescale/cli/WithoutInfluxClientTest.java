package dev.prescale.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The InfluxDB client is an optional dependency: a project without it runs on files, and asking for InfluxDB says which
 * artifact to add instead of failing with a class that cannot be found. Run in a JVM whose classpath lacks the client.
 */
class WithoutInfluxClientTest {

    @Test
    void storeInfluxNamesTheMissingArtifactAndFilesStillWork(@TempDir Path dir) throws Exception {
        String classpath = Arrays.stream(System.getProperty("surefire.test.class.path",
                        System.getProperty("java.class.path")).split(File.pathSeparator))
                .filter(entry -> !entry.contains("influxdb-client")).collect(Collectors.joining(File.pathSeparator));
        assertThat(classpath).doesNotContain("influxdb-client-java");

        Run influx = java(dir, classpath, List.of("-Dprescale.store=influx"), "profiles", "list", "--store");
        assertThat(influx.exit()).as(influx.output()).isNotZero();
        assertThat(influx.output()).contains("com.influxdb:influxdb-client-java").doesNotContain("at dev.prescale");

        Run files = java(dir, classpath, List.of("-Dprescale.store=file"), "profiles", "list");
        assertThat(files.exit()).as(files.output()).isZero();
        assertThat(files.output()).contains("storefront-daily");
    }

    record Run(int exit, String output) {
    }

    private static Run java(Path dir, String classpath, List<String> properties, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
                "java").toString()));
        command.addAll(properties);
        command.addAll(List.of("-cp", classpath, PrescaleCli.class.getName()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "out", ".txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(log));
    }
}
