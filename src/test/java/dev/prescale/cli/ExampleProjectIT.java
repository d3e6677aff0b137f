package dev.prescale.cli;

import dev.prescale.profile.ProfileFiles;
import dev.prescale.shadow.ShadowConfig;
import dev.prescale.shadow.ShadowService;
import dev.prescale.store.ProfileStore;
import dev.prescale.store.influx.InfluxConfig;
import dev.prescale.store.influx.InfluxServer;
import dev.prescale.store.influx.InfluxStore;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A team's own Gatling project ({@code src/test/examples/gatling-project}) built against this build's artifact, as a
 * team would: the jar is installed into the local Maven repository ({@code mvn install:install-file}, what
 * {@code mvn install} does), the project is copied out of the source tree and {@code mvn gatling:test} runs its
 * simulation, which imports Prescale's DSL, on a profile that exists only in a real InfluxDB, against the shadow service
 * on 127.0.0.1. Gatling's own assertion checks the request count equals the compressed plan's exactly.
 */
class ExampleProjectIT {

    static final Path WORK = Path.of("target", "example-it");

    @Test
    void aTeamsOwnGatlingProjectRunsAProfileStoredInInfluxDb() throws Exception {
        Path project = copy(Path.of("src", "test", "examples", "gatling-project"), WORK.resolve("gatling-project"));
        String version = install();

        String database = InfluxServer.newDatabase();
        Path profiles = Files.createDirectories(WORK.resolve("profiles"));
        Files.writeString(profiles.resolve("launch.yaml"), """
                profileId: example-launch
                resourceType: CPU
                duration: 10m
                pattern: {type: linear, from: 60, to: 180}
                slo: {p95: 2s, maxErrorRate: 1%}
                """);
        try (InfluxStore influx = InfluxStore.connect(InfluxConfig.of(InfluxServer.url(), database))) {
            new ProfileStore(influx, profiles).save(ProfileFiles.open(profiles).byId("example-launch"), Instant.now());
            assertThat(influx.flush(Duration.ofSeconds(30))).isTrue();
        }
        Files.delete(profiles.resolve("launch.yaml")); // the run can only find it in InfluxDB

        try (ShadowService shadow = ShadowService.start(ShadowConfig.DEFAULTS.withInstances(2))) {
            Path log = WORK.resolve("build.log");
            Process build = new ProcessBuilder(List.of(mvn(), "-B", "gatling:test", "-Dprescale.version=" + version,
                    "-Dprescale.profile=example-launch", "-Dprescale.profileSource=influx",
                    "-Dprescale.influx.url=" + InfluxServer.url(), "-Dprescale.influx.database=" + database,
                    "-Dprescale.target=" + shadow.baseUri(), "-Dprescale.runLength=5s"))
                    .directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertThat(build.waitFor(5, TimeUnit.MINUTES)).as("build finished; log in " + log).isTrue();
            String output = Files.readString(log);

            // ten minutes rising from 60 to 180 requests/s, compressed into 5 s at those rates: 600 requests
            assertThat(output).as(output).contains("storefront: profile example-launch, 600 requests expected")
                    .contains("Global: count of all events is between 600.0 and 600.0 inclusive : true")
                    .contains("BUILD SUCCESS");
            assertThat(build.exitValue()).isZero();
        }
    }

    /** Installs target/prescale-VERSION.jar with this pom, as {@code mvn install} would; returns the version. */
    static String install() throws Exception {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(p -> p.getFileName().toString().matches("prescale-[0-9].*\\.jar")
                            && !p.getFileName().toString().endsWith("-app.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no target/prescale-VERSION.jar: package makes it"));
        }
        String name = jar.getFileName().toString();
        String version = name.substring("prescale-".length(), name.length() - ".jar".length());
        Path log = WORK.resolve("install.log");
        Process install = new ProcessBuilder(List.of(mvn(), "-B", "-q", "install:install-file",
                "-Dfile=" + jar.toAbsolutePath(), "-DpomFile=" + Path.of("pom.xml").toAbsolutePath()))
                .directory(WORK.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(install.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(install.exitValue()).as(Files.readString(log)).isZero();
        return version;
    }

    static String mvn() {
        String mavenHome = System.getProperty("maven.home");
        return mavenHome == null ? "mvn" : Path.of(mavenHome, "bin", "mvn").toString();
    }

    static Path copy(Path from, Path to) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(from)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        for (Path f : files) {
            Path target = to.resolve(from.relativize(f).toString());
            Files.createDirectories(target.getParent());
            Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return to;
    }
}
