package dev.prescale.controller;

import dev.prescale.behaviour.BehaviourProfile;
import dev.prescale.behaviour.BehaviourProfileTest;
import dev.prescale.behaviour.BehaviourStore;
import dev.prescale.behaviour.Grouping;
import dev.prescale.behaviour.Sessionizer;
import dev.prescale.behaviour.SurgeWatch;
import dev.prescale.capacity.CapacityModel;
import dev.prescale.scaling.Bounds;
import dev.prescale.scaling.ScalingDecision;
import dev.prescale.scaling.ScalingExecutor;
import dev.prescale.scaling.ScalingPolicy;
import dev.prescale.scaling.SurgeTiers;
import dev.prescale.scaling.aws.Ec2AutoScalingScaler;
import dev.prescale.shadow.ShadowAws;
import dev.prescale.shadow.ShadowConfig;
import dev.prescale.shadow.ShadowFleet;
import dev.prescale.store.Point;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 003's surge probability in the loop, on real parts (InfluxDB, the AWS SDK against the shadow): a behaviour
 * profile learned from a week of a shop's log is stored; live traffic arrives as load signatures. When the phones send
 * what their profile expects, the controller sizes the day's peak as the forecast says; when they send five times
 * that in the last hour, the surge probability passes 0.7 and the same forecast gets the x1.5 tier, the group named.
 */
class SurgeWatchIT {

    static final String GROUP = "surge-asg";

    @BeforeAll
    static void credentials() {
        ControllerIT.credentials();
    }

    @Test
    void aGroupFarAboveItsProfileRaisesTheSurgeTierAndIsNamed() {
        // 10:00 UTC today: the daily history peaks at 14:00 inside the 6-hour horizon
        Instant now = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(10));
        Tick calm = tick("calm", now, 1);
        Tick surge = tick("surge", now, 5);

        System.out.println("surge IT: calm " + calm.decision.reason() + "\nsurge " + surge.decision.reason()
                + "\nreadings " + surge.readings);
        assertThat(calm.decision.action()).isEqualTo(ScalingDecision.Action.SCALE_OUT);
        assertThat(calm.decision.reason()).contains("x1.00 surge");
        assertThat(surge.decision.reason()).contains("x1.50 surge").contains("group mobile-browser sent");
        assertThat(surge.decision.to()).as("half again what the calm forecast needs (%.1f)", calm.needed)
                .isBetween((int) Math.ceil(1.45 * calm.needed), (int) Math.ceil(1.55 * calm.needed));
        assertThat(surge.readings).filteredOn(p -> p.tags().get("group").equals("mobile-browser")).singleElement()
                .satisfies(p -> assertThat(p.number("probability")).isGreaterThan(0.7));
        assertThat(calm.readings).allSatisfy(p -> assertThat(p.number("probability")).isLessThan(0.3));
    }

    record Tick(ScalingDecision decision, double needed, List<Point> readings) {
    }

    /** One controller tick with the phones' last hour at {@code phoneFactor} times their profile. */
    private Tick tick(String name, Instant now, double phoneFactor) {
        ShadowFleet fleet = new ShadowFleet(ShadowConfig.DEFAULTS.withInstances(2), System.nanoTime());
        String group = GROUP + "-" + name;
        try (ShadowAws aws = ShadowAws.start(fleet, group, "service/shadow/" + name, 1, 40);
             Ec2AutoScalingScaler scaler = Ec2AutoScalingScaler.create(Optional.of(aws.endpoint()));
             InfluxStore store = InfluxStore.connect(InfluxConfig.of(InfluxServer.url(),
                     InfluxServer.newDatabase()))) {
            ProfileStore profiles = new ProfileStore(store, Path.of("."));
            profiles.saveHistory("shop", "test", ControllerIT.history(now, false), Instant.EPOCH,
                    now.plus(Duration.ofDays(1)));
            // the shop's users, learned from a week of its log ending a week before now
            List<dev.prescale.signature.AccessLog.Entry> week = BehaviourProfileTest.log(7).stream()
                    .map(e -> new dev.prescale.signature.AccessLog.Entry(e.client(), e.time().plus(Duration.between(
                            BehaviourProfileTest.log(1).get(0).time(), now.truncatedTo(ChronoUnit.DAYS)
                                    .minus(Duration.ofDays(14)))), e.method(), e.path(), e.status(), e.bytes(),
                            e.referrer(), e.userAgent())).toList();
            BehaviourProfile profile = BehaviourProfile.fit("shop", week, Sessionizer.DEFAULT_GAP, Grouping.SOURCES);
            BehaviourStore.save(store, profile, Map.of());
            // live traffic over the last hour, a point a minute per group
            List<Point> live = new ArrayList<>();
            for (int m = 60; m >= 1; m--) {
                Instant minute = now.minus(Duration.ofMinutes(m));
                double phones = phoneFactor * profile.expectedRequests("mobile-browser", minute
                        .truncatedTo(ChronoUnit.HOURS)) / 60;
                live.add(signature(minute, "mobile-browser", Math.round(phones)));
                live.add(signature(minute, "crawler", Math.round(profile.expectedRequests("crawler", minute
                        .truncatedTo(ChronoUnit.HOURS)) / 60 + (m % 30 == 0 ? 1 : 0))));
            }
            store.write(live);
            store.flush(Duration.ofSeconds(30));

            BehaviourStore.Stored stored = BehaviourStore.load(store, "shop").orElseThrow();
            SurgeWatch watch = new SurgeWatch(stored.profile(), stored.surge(), "log:live");
            // at the daily peak of 10 req/s, 2 instances run at 100%: 0.7 needs 2.9 of them
            CapacityModel capacity = new CapacityModel(0, 0.2, 0.01);
            ScalingPolicy policy = new ScalingPolicy(0.7, 0.8, Duration.ofMinutes(30), 0.35, Duration.ofMinutes(30),
                    Duration.ofMinutes(5), Duration.ofMinutes(15), Bounds.honoring(1, 40), SurgeTiers.DEFAULTS,
                    true);
            Controller controller = new Controller(new ControllerConfig(group, "shop", null, Duration.ofMinutes(1),
                    Duration.ofHours(6), Duration.ofHours(1), Duration.ofDays(1), capacity, policy), profiles, store,
                    scaler, new ScalingExecutor(scaler, store, Clock.systemUTC(), true), watch);
            ScalingDecision d = controller.tick(now).decision();
            store.flush(Duration.ofSeconds(30));
            List<Point> readings = store.read("surge_probability", Map.of("profile", "shop"), now.minusSeconds(1),
                    now.plusSeconds(1));
            String needed = d.reason().replaceAll("(?s).* needs ([0-9.]+),.*", "$1");
            return new Tick(d, Double.parseDouble(needed), readings);
        }
    }

    private static Point signature(Instant t, String source, long count) {
        return Point.of("load_signature", t).tag("origin", "log:live").tag("source", source).tag("endpoint", "GET /")
                .field("count", count).field("errors", 0L).field("bytes_sum", count * 1_000).field("step_s", 60L)
                .build();
    }
}
