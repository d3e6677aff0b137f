package dev.prescale.controller;

import dev.prescale.capacity.CapacityModel;
import dev.prescale.profile.RateTrace;
import dev.prescale.replay.CapacitySimulator;
import dev.prescale.replay.PeakReplay;
import dev.prescale.replay.ReplaySettings;
import dev.prescale.scaling.Bounds;
import dev.prescale.scaling.PeakPolicy;
import dev.prescale.scaling.ScalingDecision;
import dev.prescale.scaling.ScalingExecutor;
import dev.prescale.scaling.ScalingPolicy;
import dev.prescale.scaling.SurgeTiers;
import dev.prescale.scaling.aws.Ec2AutoScalingScaler;
import dev.prescale.shadow.ShadowAws;
import dev.prescale.shadow.ShadowConfig;
import dev.prescale.shadow.ShadowFleet;
import dev.prescale.store.ProfileStore;
import dev.prescale.store.influx.InfluxConfig;
import dev.prescale.store.influx.InfluxServer;
import dev.prescale.store.influx.InfluxStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The controller and the replay run the same minute-peak policy: the controller ticks once a simulated minute over a
 * replayed ramp (three days of per-minute traffic in InfluxDB, the third with a launch that triples it in half an
 * hour), scaling the shadow's Auto Scaling group through the AWS SDK, and the group's desired capacity after each tick
 * must be what the capacity simulator's policy wanted in that minute.
 */
class ControllerReplayIT {

    static final String GROUP = "peak-asg";
    static final int PER_INSTANCE = 100; // requests per minute one instance carries at 100%

    @BeforeAll
    static void credentials() {
        System.setProperty("aws.accessKeyId", "AKIDSHADOWEXAMPLE");
        System.setProperty("aws.secretAccessKey", "shadow-secret-not-a-real-key");
        System.setProperty("aws.region", "us-east-1");
    }

    /** Requests per minute: a daily wave of 300-900, noisy, and from day 3 09:45 a ramp to three times it by 10:15. */
    static double[] traffic(Instant start, int minutes) {
        Random random = new Random(17);
        double[] perMinute = new double[minutes];
        for (int m = 0; m < minutes; m++) {
            int minuteOfDay = start.plus(Duration.ofMinutes(m)).atZone(ZoneOffset.UTC).toLocalTime().toSecondOfDay()
                    / 60;
            double rate = 600 - 300 * Math.cos(2 * Math.PI * (minuteOfDay - 180) / 1440.0);
            int launch = 2 * 1440 + 9 * 60 + 45;
            rate *= m < launch ? 1 : 1 + 2 * Math.min(1, (m - launch) / 30.0);
            perMinute[m] = Math.max(0, Math.round(rate + Math.sqrt(rate) * random.nextGaussian()));
        }
        return perMinute;
    }

    @Test
    void aHistoryItCannotReadPerMinuteHoldsTheFleetAndSaysWhy() {
        Instant start = Instant.parse("2026-06-01T00:00:00Z");
        double[] per45s = new double[2 * 1920];
        java.util.Arrays.fill(per45s, 400);
        ShadowFleet fleet = new ShadowFleet(ShadowConfig.DEFAULTS.withInstances(3), System.nanoTime());
        try (ShadowAws aws = ShadowAws.start(fleet, GROUP, "service/shadow/peak", 1, 60);
             Ec2AutoScalingScaler scaler = Ec2AutoScalingScaler.create(Optional.of(aws.endpoint()));
             InfluxStore store = InfluxStore.connect(InfluxConfig.of(InfluxServer.url(),
                     InfluxServer.newDatabase()))) {
            ProfileStore profiles = new ProfileStore(store, Path.of("."));
            profiles.saveHistory("odd-step", "test", RateTrace.of(start, 45, per45s), Instant.EPOCH,
                    start.plus(Duration.ofDays(4)));
            store.flush(Duration.ofSeconds(30));
            Controller controller = new Controller(config("odd-step"), profiles, store, scaler,
                    new ScalingExecutor(scaler, store, Clock.systemUTC(), false));
            for (int k = 0; k < 2; k++) {
                Controller.TickResult tick = controller.tick(start.plus(Duration.ofHours(47).plusMinutes(k)));
                assertThat(tick.decision().action()).isEqualTo(ScalingDecision.Action.HOLD);
                assertThat(tick.decision().reason()).contains("step of 45.0 s").contains("resample it to 60 s");
            }
            assertThat(scaler.describe(GROUP).desired()).isEqualTo(3);
        }
    }

    static ControllerConfig config(String series) {
        CapacityModel capacity = new CapacityModel(0, 60.0 / PER_INSTANCE, 0.01);
        ScalingPolicy bounds = new ScalingPolicy(0.7, 0.8, Duration.ZERO, 0.35, Duration.ofMinutes(10),
                Duration.ZERO, Duration.ZERO, Bounds.honoring(1, 60), SurgeTiers.DEFAULTS, false);
        ReplaySettings settings = ReplaySettings.of(PER_INSTANCE, 1.0, 5);
        return new ControllerConfig(GROUP, series, null, Duration.ofMinutes(1),
                Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(7), capacity, bounds)
                .withAnomalyRule(new AnomalyRule(AnomalyRule.Response.NONE, dev.prescale.anomaly.AnomalyEvent
                        .Severity.MEDIUM, 0, Duration.ofMinutes(15)))
                .withMinutePeak(new ControllerConfig.MinutePeak(new PeakPolicy(PeakPolicy.Settings.of(0.99,
                        settings.warmUpMinutes(), settings.metricLagMinutes())), 1.0));
    }

    @Test
    void theControllersCapacityTimelineIsTheReplays() {
        Instant start = Instant.parse("2026-06-01T00:00:00Z");
        int from = 2 * 1440 + 9 * 60; // day 3, 09:00: the launch ramps from 09:45
        int minutes = 90;
        double[] perMinute = traffic(start, from + minutes);

        // the replay: the capacity simulator under the minute-peak policy at 99%
        ReplaySettings settings = ReplaySettings.of(PER_INSTANCE, 1.0, 5);
        double[] rps = new double[perMinute.length];
        for (int i = 0; i < rps.length; i++) {
            rps[i] = perMinute[i] / 60;
        }
        int[] replayed = CapacitySimulator.timeline(rps, from, settings, new PeakReplay(0.99, settings, 60));
        int initial = CapacitySimulator.initialFleet(rps, from, settings);

        ShadowFleet fleet = new ShadowFleet(ShadowConfig.DEFAULTS.withInstances(initial), System.nanoTime());
        try (ShadowAws aws = ShadowAws.start(fleet, GROUP, "service/shadow/peak", 1, 60);
             Ec2AutoScalingScaler scaler = Ec2AutoScalingScaler.create(Optional.of(aws.endpoint()));
             InfluxStore store = InfluxStore.connect(InfluxConfig.of(InfluxServer.url(),
                     InfluxServer.newDatabase()))) {
            ProfileStore profiles = new ProfileStore(store, Path.of("."));
            profiles.saveHistory("launch", "test", RateTrace.of(start, 60, perMinute), Instant.EPOCH,
                    start.plus(Duration.ofDays(4)));
            store.flush(Duration.ofSeconds(30));
            Controller controller = new Controller(config("launch"), profiles, store, scaler,
                    new ScalingExecutor(scaler, store, Clock.systemUTC(), false));

            List<Integer> controlled = new ArrayList<>();
            List<String> reasons = new ArrayList<>();
            for (int k = 0; k < minutes; k++) {
                Controller.TickResult tick = controller.tick(start.plus(Duration.ofMinutes(from + k)));
                controlled.add(scaler.describe(GROUP).desired());
                reasons.add(k + ": " + tick.decision().rule() + " " + tick.decision().to() + " " + tick.decision()
                        .reason());
            }
            List<Integer> expected = new ArrayList<>();
            for (int k = 0; k < minutes; k++) {
                expected.add(replayed[k]);
            }
            String trail = String.join("\n", reasons);
            System.out.println("controller vs replay: " + controlled + "\n                      " + expected);
            assertThat(controlled).as(trail).isEqualTo(expected);
            assertThat(expected.get(minutes - 1)).as("the launch needs more than the morning's fleet")
                    .isGreaterThan(2 * expected.get(0));
            assertThat(reasons).allSatisfy(r -> assertThat(r).contains(PeakPolicy.RULE));
            assertThat(aws.calls().stream().filter(c -> c.operation().equals("SetDesiredCapacity")).count())
                    .as("every change went through the SDK").isPositive();
        }
    }
}
