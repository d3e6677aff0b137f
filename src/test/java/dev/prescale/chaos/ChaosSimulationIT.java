package dev.prescale.chaos;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ChaosSimulation the way a pipeline runs it, {@code mvn gatling:test}: the instance-crash profile takes two
 * instances out for 5 s, and restarted they warm up for 10 s more. At 80 requests/s (about 150 cost units/s against
 * 100 per instance), six instances carry it on the four left and recover at once; three leave one instance,
 * overloaded until the restarted ones are warm, past the 5 s the recovery assertion allows: BUILD FAILURE.
 */
class ChaosSimulationIT {

    @Test
    void recoversWithEnoughCapacityAndFailsTheBuildWithTooLittle() throws Exception {
        Process enough = mvn("enough", 6);
        Process tooLittle = mvn("too-little", 3); // both at once: the run takes 25 s of traffic either way
        assertThat(enough.waitFor(4, TimeUnit.MINUTES)).isTrue();
        assertThat(tooLittle.waitFor(4, TimeUnit.MINUTES)).isTrue();
        String enoughLog = Files.readString(log("enough"));
        String tooLittleLog = Files.readString(log("too-little"));
        System.out.println("chaos IT, 6 instances: " + recoveryLines(enoughLog) + "\nchaos IT, 3 instances: "
                + recoveryLines(tooLittleLog));

        assertThat(enough.exitValue()).as(enoughLog).isZero();
        assertThat(enoughLog).contains("BUILD SUCCESS");
        assertThat(recoveryLines(enoughLog)).isNotEmpty().allMatch(l -> l.contains(": true"));
        assertThat(tooLittle.exitValue()).as(tooLittleLog).isNotZero();
        assertThat(tooLittleLog).contains("BUILD FAILURE");
        assertThat(recoveryLines(tooLittleLog)).anyMatch(l -> l.contains("percentage of failed events")
                && l.contains(": false"));
    }

    private static Process mvn(String name, int instances) throws Exception {
        String mavenHome = System.getProperty("maven.home");
        String mvn = mavenHome == null ? "mvn" : Path.of(mavenHome, "bin", "mvn").toString();
        Files.createDirectories(log(name).getParent());
        // The two builds run at once in this project, so neither compiles: the build running this IT already did.
        // (Once one of them found its source list changed and recompiled while the other compiled its tests against
        // the half-written classes: 200 compile errors, and the test failed after 275 s.)
        List<String> command = new ArrayList<>(List.of(mvn, "-B", "gatling:test", "-Dmaven.main.skip=true",
                "-Dmaven.test.skip=true",
                "-Dgatling.simulationClass=dev.prescale.simulations.ChaosSimulation",
                "-Dprescale.chaos=instance-crash", "-Dprescale.chaos.rate=80",
                "-Dprescale.shadow.instances=" + instances, "-Dprescale.store=none",
                "-Dgatling.resultsFolder=target/chaos-it/" + name));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(name).toFile()).start();
    }

    private static Path log(String name) {
        return Path.of("target", "chaos-it", name + ".log");
    }

    /** Gatling's assertion lines about the recovered phase. */
    private static List<String> recoveryLines(String output) {
        return output.lines().filter(l -> l.startsWith("recovered")).toList();
    }
}
