package dev.prescale.controller;

import dev.prescale.profile.ScheduledEvent;
import dev.prescale.shadow.ShadowAws;
import dev.prescale.shadow.ShadowConfig;
import dev.prescale.shadow.ShadowFleet;
import dev.prescale.store.Point;
import dev.prescale.store.ProfileStore;
import dev.prescale.store.influx.InfluxConfig;
import dev.prescale.store.influx.InfluxServer;
import dev.prescale.store.influx.InfluxStore;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code prescale controller} as users run it, in its own JVM, killed with SIGKILL after a few ticks and started
 * again: the scale-out it made before the crash is neither repeated nor lost, and no tick is done twice.
 */
class ControllerRestartIT {

    static final Path LOGS = Path.of("target", "controller-it");

    @Test
    void aKilledControllerResumesWithoutRepeatingOrLosingItsScalingAction() throws Exception {
        String db = InfluxServer.newDatabase();
        Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
        ShadowFleet fleet = new ShadowFleet(ShadowConfig.DEFAULTS.withInstances(2), System.nanoTime());
        try (ShadowAws aws = ShadowAws.start(fleet, "shadow-asg", "service/shadow/storefront", 1, 20);
             InfluxStore store = InfluxStore.connect(InfluxConfig.of(InfluxServer.url(), db))) {
            ProfileStore profiles = new ProfileStore(store, Path.of("."));
            profiles.saveHistory("shop", "test", ControllerIT.history(now, false), Instant.EPOCH,
                    now.plus(Duration.ofDays(1)));
            // a sale beginning now that the business expects to bring six times the traffic, at any hour more than
            // two instances carry: capacity is needed at once
            profiles.saveEvent(new ScheduledEvent("sale", now.atZone(ZoneOffset.UTC),
                    Duration.ofHours(6), 6.0, "flash sale"));
            store.flush(Duration.ofSeconds(30));
            List<String> command = command(db, aws);

            Process first = start(command, "first");
            awaitDoneTicks(store, 2, first);
            first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no flush
            int setCallsBeforeRestart = setCalls(aws);
            Process second = start(command, "second");
            awaitDoneTicks(store, 4, second);
            second.destroyForcibly().waitFor();

            List<Point> done = store.read("controller_tick", Map.of("group", "shadow-asg", "state", "done"),
                    Instant.EPOCH, Instant.now().plusSeconds(60));
            Map<String, Long> perTick = done.stream().collect(Collectors.groupingBy(p -> p.tag("tick"),
                    Collectors.counting()));
            List<Point> scaleOuts = store.read("scaling_action", Map.of("group", "shadow-asg", "mode", "live"),
                    Instant.EPOCH, Instant.now().plusSeconds(60)).stream()
                    .filter(p -> "scale-out".equals(p.text("action"))).toList();
            System.out.println("controller restart IT: ticks " + perTick + ", SetDesiredCapacity " + setCalls(aws)
                    + ", fleet " + fleet.instanceCount() + ", scale-outs " + scaleOuts.size());
            assertThat(perTick.values()).as("no tick done twice").allMatch(n -> n == 1);
            assertThat(setCallsBeforeRestart).as("the scale-out happened before the crash").isEqualTo(1);
            assertThat(setCalls(aws)).as("and was not repeated after it").isEqualTo(1);
            assertThat(scaleOuts).as("nor recorded twice").hasSize(1);
            assertThat(fleet.instanceCount()).as("nor lost").isEqualTo(scaleOuts.get(0).number("to_capacity")
                    .intValue()).isGreaterThan(2);
        }
    }

    private static int setCalls(ShadowAws aws) {
        return (int) aws.calls().stream().filter(c -> c.operation().equals("SetDesiredCapacity")
                && c.outcome().equals("ok")).count();
    }

    private static List<String> command(String db, ShadowAws aws) throws java.io.IOException {
        List<String> c = new ArrayList<>();
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Map.ofEntries(Map.entry("prescale.store", "influx"), Map.entry("prescale.influx.url", InfluxServer.url()),
                Map.entry("prescale.influx.database", db), Map.entry("prescale.controller.group", "shadow-asg"),
                Map.entry("prescale.controller.history", "shop"), Map.entry("prescale.controller.interval", "3s"),
                Map.entry("prescale.controller.horizon", "6h"), Map.entry("prescale.scaling.provider", "ec2"),
                Map.entry("prescale.scaling.endpoint", aws.endpoint().toString()),
                Map.entry("prescale.scaling.dryrun", "false"), Map.entry("prescale.scaling.max", "20"),
                Map.entry("prescale.scaling.buffer", "1h"), Map.entry("prescale.capacity.slope", "0.14"),
                Map.entry("prescale.capacity.sigma", "0.01"), Map.entry("aws.accessKeyId", "AKIDSHADOWEXAMPLE"),
                Map.entry("aws.secretAccessKey", "shadow-secret-not-a-real-key"), Map.entry("aws.region", "us-east-1"))
                .forEach((k, v) -> c.add("-D" + k + "=" + v));
        c.addAll(List.of("-jar", dev.prescale.cli.AppJarIT.jar().toString(), "controller")); // as a user runs it
        return c;
    }

    private static Process start(List<String> command, String name) throws Exception {
        Files.createDirectories(LOGS);
        File log = LOGS.resolve(name + "-" + System.nanoTime() + ".out").toFile();
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    }

    private static void awaitDoneTicks(InfluxStore store, int count, Process controller) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (store.read("controller_tick", Map.of("group", "shadow-asg", "state", "done"), Instant.EPOCH,
                Instant.now().plusSeconds(60)).size() < count) {
            if (!controller.isAlive()) {
                throw new AssertionError("the controller exited with " + controller.exitValue() + "; see " + LOGS);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + count + " ticks within 90 s; see " + LOGS);
            }
            Thread.sleep(200);
        }
    }
}
