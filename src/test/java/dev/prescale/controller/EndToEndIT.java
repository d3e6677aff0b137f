package dev.prescale.controller;

import dev.prescale.grafana.PanelPicture;
import dev.prescale.profile.ProfileFiles;
import dev.prescale.profile.RateTrace;
import dev.prescale.profile.ScheduledEvent;
import dev.prescale.recording.UtilizationMonitor;
import dev.prescale.scaling.Bounds;
import dev.prescale.scaling.ScalingDecision;
import dev.prescale.scaling.ScalingExecutor;
import dev.prescale.scaling.aws.Ec2AutoScalingScaler;
import dev.prescale.shadow.ShadowAws;
import dev.prescale.shadow.ShadowConfig;
import dev.prescale.shadow.ShadowService;
import dev.prescale.simulation.GatlingLauncher;
import dev.prescale.simulation.Recording;
import dev.prescale.store.ProfileStore;
import dev.prescale.store.influx.InfluxConfig;
import dev.prescale.store.influx.InfluxServer;
import dev.prescale.store.influx.InfluxStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole promise on one machine, all real parts on 127.0.0.1: seed profiles into InfluxDB; a launch 70 seconds
 * away; the scheduled pre-event rehearsal forecasts it, rehearses it with Gatling against a shadow, fits the capacity
 * model from results in InfluxDB and schedules the capacity through the AWS SDK on the "production" shadow fleet; the
 * capacity is serving before the launch's traffic arrives; then the launch's traffic comes and the prediction is
 * checked against the measured utilization.
 */
class EndToEndIT {

    static final Path WORK = Path.of("target", "e2e-it");
    static final String GROUP = "storefront-asg";
    static final double LIFT = 15;

    @BeforeAll
    static void credentials() {
        System.setProperty("aws.accessKeyId", "AKIDSHADOWEXAMPLE");
        System.setProperty("aws.secretAccessKey", "shadow-secret-not-a-real-key");
        System.setProperty("aws.region", "us-east-1");
    }

    /** Requests/s of an ordinary minute: 10 on average, 8 to 12 over the day; two instances carry that easily. */
    static double ordinary(Instant minute) {
        int m = minute.atZone(ZoneOffset.UTC).getHour() * 60 + minute.atZone(ZoneOffset.UTC).getMinute();
        return 10 * (1 + 0.2 * Math.sin(2 * Math.PI * (m - 360) / 1440));
    }

    @Test
    void capacityIsInPlaceBeforeTheLaunchAndThePredictionIsCheckedAgainstIt() throws Exception {
        // the rehearsal (4 event minutes and 3 calibration minutes at 12x) takes 43-49 s here; the launch leaves it
        // 70 s, and the capacity its 5 s warm-up (scheduled for 30 s before the launch, applied at once when the
        // rehearsal ends after that). The history's minutes end two minutes before the launch, so the
        // checked window lies in one forecast minute: a launch 30 s into a forecast minute left half of it predicted
        // from the minute before (no launch lift), 90% error, measured
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant launch = now.plus(Duration.ofSeconds(70));
        Random random = new Random(5);
        double[] perMinute = new double[7 * 1440];
        Instant historyStart = launch.minus(Duration.ofMinutes(perMinute.length + 2));
        for (int i = 0; i < perMinute.length; i++) {
            perMinute[i] = 60 * ordinary(historyStart.plusSeconds(60L * i)) * Math.exp(0.05 * random.nextGaussian());
        }
        String database = InfluxServer.newDatabase();
        try (ShadowService production = ShadowService.start(ShadowConfig.DEFAULTS.withInstances(2)
                .withWarmUp(Duration.ofSeconds(5)));
             ShadowAws aws = ShadowAws.start(production.fleet(), GROUP, "service/shop/storefront", 1, 20);
             Ec2AutoScalingScaler scaler = Ec2AutoScalingScaler.create(Optional.of(aws.endpoint()));
             InfluxStore store = InfluxStore.connect(InfluxConfig.of(InfluxServer.url(), database))) {
            ProfileStore profiles = new ProfileStore(store, Path.of("profile-db", "profiles"));
            ProfileFiles.open(ProfileFiles.DEFAULT_FOLDER).all().forEach(p -> profiles.save(p, Instant.now()));
            profiles.saveHistory("storefront", "e2e", RateTrace.of(historyStart, 60, perMinute), Instant.EPOCH,
                    now.plus(Duration.ofDays(1)));
            profiles.saveEvent(new ScheduledEvent("launch", launch.atZone(ZoneOffset.UTC), Duration.ofMinutes(4),
                    LIFT, "product launch: marketing expects fifteen times the traffic"));
            store.flush(Duration.ofSeconds(60));
            assertThat(profiles.all()).hasSize(5);

            PreEventRehearsal rehearsal = new PreEventRehearsal(new PreEventRehearsal.Settings(GROUP, "storefront",
                    Duration.ofDays(1), 12, 0.7, Duration.ofSeconds(30), Bounds.honoring(1, 20), WORK,
                    Map.of("prescale.store", "influx", "prescale.influx.url", InfluxServer.url(),
                            "prescale.influx.database", database, "prescale.shadow.instances", "10",
                            "prescale.baseline.rate", "5", "prescale.slo.p95", "60s",
                            "prescale.slo.maxErrorRate", "100%"), Duration.ofMinutes(3)),
                    profiles, store, scaler, new ScalingExecutor(scaler, store, Clock.systemUTC(), false));
            List<PreEventRehearsal.Plan> plans = rehearsal.run(now);
            System.out.println("e2e IT: the rehearsal took " + Duration.between(now, Instant.now()).toSeconds() + " s");

            assertThat(plans).hasSize(1);
            PreEventRehearsal.Plan plan = plans.get(0);
            System.out.println("e2e IT: " + plan.decision() + " " + plan.outcome() + "; model " + plan.model()
                    + "; report " + plan.report());
            assertThat(plan.gatlingExit()).isZero();
            assertThat(plan.decision().action()).isEqualTo(ScalingDecision.Action.SCALE_OUT);
            assertThat(plan.decision().to()).isGreaterThan(2);
            assertThat(plan.outcome()).isIn(ScalingExecutor.Outcome.SCHEDULED, ScalingExecutor.Outcome.APPLIED);
            assertThat(Files.readString(plan.report())).contains("<svg").contains("launch");

            sleepUntil(launch.minusSeconds(2));
            assertThat(production.fleet().readyCount(System.nanoTime())).as("serving before the launch")
                    .isEqualTo(plan.decision().to());

            // the launch's traffic arrives: 32 s of it, measured on the production fleet (from 12 s in)
            Path actual = Files.createDirectories(WORK.resolve("actual"));
            StringBuilder csv = new StringBuilder("timestamp,requests\n");
            for (int m = 0; m < 2; m++) {
                Instant minute = launch.plusSeconds(60L * m);
                csv.append(minute).append(',').append(String.format(Locale.ROOT, "%.1f",
                        60 * LIFT * ordinary(minute))).append('\n');
            }
            Files.writeString(actual.resolve("launch.csv"), csv);
            Files.writeString(actual.resolve("launch.yaml"), """
                    profileId: launch-actual
                    resourceType: CPU
                    pattern:
                      type: replay
                      file: launch.csv
                    duration: 32s
                    """);
            String actualRun = "launch-actual-" + now.getEpochSecond();
            GatlingLauncher.Outcome traffic;
            try (UtilizationMonitor monitor = UtilizationMonitor.start(store, actualRun,
                    () -> Recording.sample(production))) {
                traffic = GatlingLauncher.run("dev.prescale.simulations.ProfileSimulation", Map.of(
                        "prescale.profileDb", actual.toAbsolutePath().toString(), "prescale.profile", "launch-actual",
                        "prescale.compression", "1", "prescale.target", production.baseUri().toString(),
                        "prescale.store", "none", "prescale.slo.p95", "60s", "prescale.slo.maxErrorRate", "100%"),
                        WORK.resolve("actual-gatling"), Duration.ofMinutes(2));
            }
            assertThat(traffic.exitCode()).as(traffic.output()).isZero();
            store.flush(Duration.ofSeconds(30));
            PredictionCheck check = PredictionCheck.record(store, GROUP, plan.runId(), actualRun,
                    launch.plusSeconds(12), Instant.now());
            System.out.printf("e2e IT: predicted utilization %.3f (upper %.3f), measured %.3f over %d s, error %.0f%%%n",
                    check.predicted(), check.predictedUpper(), check.actual(), check.seconds(), check.error() * 100);
            assertThat(check.seconds()).isGreaterThan(15);
            assertThat(Math.abs(check.error())).as("prediction against the measured launch").isLessThan(0.35);
            store.flush(Duration.ofSeconds(10)); // the check's point is buffered like any write
            assertThat(store.read("prediction_check", Map.of("group", GROUP), Instant.EPOCH,
                    Instant.now().plusSeconds(60))).hasSize(1);
            // what Grafana's predicted-against-actual panel shows of this launch, for a reviewer
            PanelPicture.predictedAgainstActual(database, Map.of("group", GROUP, "run_id", actualRun),
                    launch.minus(Duration.ofMinutes(2)), launch.plus(Duration.ofMinutes(5)), "10s",
                    "pre-event rehearsal's prediction, launch measured", Path.of("target", "grafana",
                            "predicted-vs-actual.png"));
        }
    }

    private static void sleepUntil(Instant t) throws InterruptedException {
        long millis = Duration.between(Instant.now(), t).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
