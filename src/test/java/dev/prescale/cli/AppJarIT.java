package dev.prescale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runnable jar the build makes ({@code target/prescale-VERSION-app.jar}, its libraries in {@code target/lib}), run
 * as a user would, with {@code java -jar} from a folder that is not the project: help, a backtest, and a rehearsal that
 * runs the shipped simulation from the jar in its own Gatling JVM against the embedded shadow service on 127.0.0.1; the
 * example profiles shipped in the jar; a forecast backtest and a policy replay. ({@code ControllerRestartIT} runs the controller from the jar.)
 */
public class AppJarIT {

    static Path jar;

    @BeforeAll
    static void findTheJar() throws IOException {
        jar = jar();
    }

    /** target/prescale-VERSION-app.jar, which the package phase makes. */
    public static Path jar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-app.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/*-app.jar: the package phase makes it"))
                    .toAbsolutePath();
        }
    }

    record Run(int exit, String output) {
    }

    static Run java(Path folder, List<String> properties, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(properties);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        Path log = folder.resolve("out-" + System.nanoTime() + ".txt");
        Process p = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("java -jar " + String.join(" ", args) + " ran past 3 minutes: "
                    + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    void helpAndABacktestRunFromAnyFolder(@TempDir Path elsewhere) throws Exception {
        Run help = java(elsewhere, List.of(), "--help");
        assertThat(help.exit()).as(help.output()).isZero();
        assertThat(help.output()).contains("Usage: prescale").contains("rehearse").contains("controller")
                .contains("replay").contains("forecast");

        // the example profiles travel in the jar: listed and validated (the replay one with its trace) from here
        List<String> home = List.of("-Duser.home=" + elsewhere.resolve("home"));
        Run validate = java(elsewhere, home, "profiles", "validate");
        assertThat(validate.exit()).as(validate.output()).isZero();
        assertThat(validate.output()).containsPattern("valid +\\S*black-friday.yaml")
                .containsPattern("valid +\\S*flash-sale-replay.yaml").doesNotContain("INVALID");
        assertThat(elsewhere.resolve("home/.cache/prescale")).isDirectoryContaining(p -> p.getFileName().toString()
                .startsWith("shipped-"));
        Run named = java(elsewhere, home, "profiles", "list", "--folder", "my-profiles");
        assertThat(named.exit()).as("a folder the user named is never replaced").isNotZero();
        assertThat(named.output()).contains("my-profiles");

        Path trace = BacktestCommandTest.trace(elsewhere);
        Run backtest = java(elsewhere, List.of(), "forecast", "backtest", trace.toString(), "--horizon", "1d",
                "--origins", "1", "--json");
        assertThat(backtest.exit()).as(backtest.output()).isZero();
        String json = backtest.output().substring(backtest.output().indexOf('{'));
        JsonNode result = new ObjectMapper().readTree(json);
        assertThat(result.get("selected").asText()).isNotBlank();

        Run replay = java(elsewhere, List.of(), "replay", ReplayCommandTest.trace(elsewhere).toString(),
                "--per-instance", "100", "--train-days", "2", "--target", "0.7", "--json");
        assertThat(replay.exit()).as(replay.output()).isZero();
        JsonNode rows = new ObjectMapper().readTree(replay.output().substring(replay.output().indexOf('{')))
                .get("rows");
        assertThat(rows).extracting(r -> r.get("policy").asText()).contains("reactive", "predictive", "oracle");
    }

    /** The shipped ProfileSimulation, from the jar, on a profile it reads from InfluxDB (profilesource=influx). */
    @Test
    void rehearseRunsTheShippedSimulationFromTheJar(@TempDir Path elsewhere) throws Exception {
        String database = dev.prescale.store.influx.InfluxServer.newDatabase();
        Path profiles = Path.of("profile-db", "profiles").toAbsolutePath();
        try (var influx = dev.prescale.store.influx.InfluxStore.connect(dev.prescale.store.influx.InfluxConfig.of(
                dev.prescale.store.influx.InfluxServer.url(), database))) {
            new dev.prescale.store.ProfileStore(influx, profiles).save(dev.prescale.profile.ProfileFiles
                    .open(profiles).byId("storefront-daily"), java.time.Instant.now());
            assertThat(influx.flush(java.time.Duration.ofSeconds(30))).isTrue();
        }
        Run rehearse = java(elsewhere, List.of("-Dprescale.runLength=3s", "-Dprescale.profileSource=influx",
                "-Dprescale.influx.url=" + dev.prescale.store.influx.InfluxServer.url(),
                "-Dprescale.influx.database=" + database), "rehearse", "--profile", "storefront-daily");

        assertThat(rehearse.exit()).as(rehearse.output()).isZero();
        assertThat(rehearse.output()).contains("storefront-daily").contains("Reports generated");
        try (Stream<Path> reports = Files.list(elsewhere.resolve("target").resolve("gatling"))) {
            assertThat(reports.filter(p -> p.getFileName().toString().startsWith("profilesimulation")))
                    .as("Gatling's report, in the folder it ran from").isNotEmpty();
        }
    }
}
