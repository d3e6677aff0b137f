package dev.prescale.simulation;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a CI pipeline sees: {@code mvn gatling:test} on a profile whose objective cannot be met fails the build, and
 * the log says which assertion failed.
 */
class MavenGatlingBuildIT {

    @Test
    void impossibleObjectiveFailsTheMavenBuildWithGatlingsMessage() throws Exception {
        Path profiles = Files.createDirectories(Path.of("target", "maven-it", "profiles"));
        Files.writeString(profiles.resolve("impossible.yaml"), """
                profileId: impossible
                resourceType: CPU
                duration: 1h
                pattern:
                  type: constant
                  rate: 10
                slo:
                  p95: 1ms
                """);
        String mavenHome = System.getProperty("maven.home");
        String mvn = mavenHome == null ? "mvn" : Path.of(mavenHome, "bin", "mvn").toString();
        Path log = Path.of("target", "maven-it", "build.log");
        Process build = new ProcessBuilder(List.of(mvn, "-B", "gatling:test",
                "-Dprescale.profileDb=" + profiles.toAbsolutePath(), "-Dprescale.profile=impossible",
                "-Dprescale.runLength=5s"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(build.waitFor(4, TimeUnit.MINUTES)).as("build finished; log in " + log).isTrue();
        String output = Files.readString(log);

        assertThat(build.exitValue()).as(output).isNotZero();
        assertThat(output)
                .contains("Global: 95th percentile of response time is less than 1.0 : false")
                .contains("BUILD FAILURE");
    }
}
