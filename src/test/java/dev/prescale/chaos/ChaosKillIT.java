package dev.prescale.chaos;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shadow service JVM killed (SIGKILL) in the middle of a minute-long outage fault: started again on the same port,
 * it serves normally. Faults live only in the process that injects them, as functions of its clock; nothing is left
 * behind to resume.
 */
class ChaosKillIT {

    @Test
    void killingTheJvmMidFaultLeavesNothingDegradedOnRestart() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        URI base = URI.create("http://127.0.0.1:" + port);
        Process faulty = shadow(port, "checkout-outage-now");
        try {
            awaitUp(base);
            // the server answers a moment before the profile is injected: wait for the service to say it started
            awaitLine(log(port, "checkout-outage-now"), "chaos profile checkout-outage-now started");
            assertThat(RawHttp.call(base, "POST", "/checkout").status()).as("mid-fault").isEqualTo(503);
        } finally {
            faulty.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            assertThat(faulty.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        Process clean = shadow(port, null);
        try {
            awaitUp(base);
            List<RawHttp.Answer> answers = RawHttp.calls(base, "POST", "/checkout", 20, 4);
            assertThat(answers).extracting(RawHttp.Answer::status).containsOnly(200);
        } finally {
            clean.destroyForcibly();
            clean.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Path log(int port, String chaosProfile) throws IOException {
        return Files.createDirectories(Path.of("target", "chaos-kill")).resolve(port + "-"
                + (chaosProfile == null ? "clean" : "faulty") + ".log");
    }

    private static void awaitLine(Path log, String text) throws Exception {
        for (int i = 0; i < 200; i++) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the shadow service never printed '" + text + "'; see " + log);
    }

    private static Process shadow(int port, String chaosProfile) throws IOException {
        Path log = log(port, chaosProfile);
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "-cp", System.getProperty("java.class.path"),
                "dev.prescale.cli.PrescaleCli", "shadow", "--port", String.valueOf(port)));
        if (chaosProfile != null) {
            command.addAll(List.of("--chaos", chaosProfile));
        }
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitUp(URI base) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (RawHttp.call(base, "GET", "/health").status() == 200) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the shadow service on " + base + " did not come up in 20 s");
    }
}
