package dev.prescale.simulation;

import dev.prescale.profile.LoadProfile;
import dev.prescale.profile.ProfileFiles;
import dev.prescale.store.LineProtocolFileStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShardTest {

    @TempDir
    Path folder;

    @Test
    void shardsSumToThePlanInEveryStepAndShareItEvenly() {
        for (String id : List.of("storefront-daily", "black-friday", "month-end-batch", "flash-sale-replay")) {
            LoadProfile profile = ProfileFiles.open(ProfileFiles.DEFAULT_FOLDER).byId(id);
            InjectionPlan plan = InjectionPlanner.plan(profile, InjectionOptions.DEFAULTS.withTimeCompression(
                    profile.durationSeconds() / 60));
            for (int count : new int[]{1, 2, 3, 7}) {
                List<InjectionPlan> shards = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    shards.add(plan.shard(i, count));
                }
                for (int s = 0; s < plan.steps().size(); s++) {
                    int step = s;
                    long users = shards.stream().mapToLong(p -> p.steps().get(step).users()).sum();
                    assertThat(users).as(id + " step " + s + " of " + count).isEqualTo(plan.steps().get(s).users());
                    double rateSum = shards.stream().mapToDouble(p -> p.steps().get(step).startRate()).sum();
                    assertThat(rateSum).as("rates add up too").isCloseTo(plan.steps().get(s).startRate(),
                            org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, rateSum)));
                }
                long most = shards.stream().mapToLong(InjectionPlan::plannedUsers).max().orElseThrow();
                long least = shards.stream().mapToLong(InjectionPlan::plannedUsers).min().orElseThrow();
                assertThat(most - least).as(id + ": arrivals dealt in turn, no shard collects the remainders")
                        .isLessThanOrEqualTo(1);
            }
        }
    }

    /**
     * Each arrival is sent at its own planned moment after the agreed start, however late Gatling injected it (an
     * injector hiccup shortens the pauses after it instead of moving the sends), and the shards' moments interleave:
     * the three shards together send, in every second of the run, the whole plan's arrivals of that second (within
     * one and a half).
     */
    @Test
    void alignedShardsSendTheWholePlansMomentsWhateverTheInjectionJitter() {
        LoadProfile profile = ProfileFiles.open(ProfileFiles.DEFAULT_FOLDER).byId("black-friday");
        InjectionPlan whole = InjectionPlanner.plan(profile, InjectionOptions.DEFAULTS.withTimeCompression(
                profile.durationSeconds() / 60));
        Instant start = Instant.parse("2026-11-28T10:00:00Z");
        long[] now = {0};
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now[0]);
            }
        };
        long[] sentPerSecond = new long[whole.runSeconds() + 1];
        java.util.Random jitter = new java.util.Random(7);
        for (int i = 0; i < 3; i++) {
            InjectionPlan plan = whole.shard(i, 3);
            ShardBarrier.Alignment alignment = new ShardBarrier.Alignment(plan, new Shard(i, 3, Optional.empty(),
                    Duration.ofMinutes(5)), clock);
            alignment.startAt(start);
            for (long k = 0; k < plan.plannedUsers(); k++) {
                long planned = Math.round(1000 * alignment.moment(k + i / 3.0));
                // Gatling injects user k near its planned offset from the pre-roll on, one in 20 a second late
                now[0] = start.toEpochMilli() - 4_000 + planned + (jitter.nextInt(20) == 0 ? 1_000 : 0);
                long sentAt = now[0] + alignment.pause().toMillis();
                assertThat(sentAt - start.toEpochMilli()).as("shard " + i + " arrival " + k).isEqualTo(planned);
                sentPerSecond[(int) Math.min(whole.runSeconds(), planned / 1000)]++;
            }
            assertThat(alignment.lateMillis()).isZero();
        }
        for (int second = 0; second < whole.runSeconds(); second++) {
            double expected = whole.usersBetween(second, second + 1);
            // one arrival, and the half a user each step's whole count differs from its rates' integral at most
            assertThat((double) sentPerSecond[second]).as("second " + second).isCloseTo(expected,
                    org.assertj.core.data.Offset.offset(1.5));
        }
        InjectionPlan one = whole.shard(0, 3);
        ShardBarrier.Alignment first = new ShardBarrier.Alignment(one, new Shard(0, 3, Optional.empty(),
                Duration.ofMinutes(5)), clock);
        assertThat(first.moment(0)).isEqualTo(one.steps().stream().filter(st -> !st.isIdle()).findFirst()
                .orElseThrow().startSecond());
        assertThat(first.moment(one.plannedUsers())).isEqualTo(one.runSeconds());
    }

    @Test
    void theIndexComesFromKubernetesUnlessGiven() {
        assertThat(Shard.from(Map.of("prescale.shard.count", "3"), Map.of("JOB_COMPLETION_INDEX", "2")).index())
                .isEqualTo(2);
        assertThat(Shard.from(Map.of("prescale.shard.count", "3", "prescale.shard.index", "1"),
                Map.of("JOB_COMPLETION_INDEX", "2")).index()).isEqualTo(1);
        assertThat(Shard.from(Map.of(), Map.of()).sharded()).isFalse();
        assertThatThrownBy(() -> Shard.from(Map.of("prescale.shard.count", "3"), Map.of("JOB_COMPLETION_INDEX", "3")))
                .hasMessageContaining("shard.index=3 with shard.count=3 is not a shard");
        assertThatThrownBy(() -> Shard.from(Map.of("prescale.shard.start", "at six"), Map.of()))
                .hasMessageContaining("shard.start='at six' is not an instant");
    }

    @Test
    void shardsMeetAtTheStoresBarrierAndAgreeOnTheStart() throws Exception {
        try (LineProtocolFileStore store = new LineProtocolFileStore(null, folder.resolve("store"))) {
            ExecutorService pool = Executors.newFixedThreadPool(3);
            List<Future<Instant>> starts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Shard shard = new Shard(i, 3, Optional.empty(), Duration.ofSeconds(20));
                long delay = 300L * i; // the pods are not ready at once
                starts.add(pool.submit(() -> {
                    Thread.sleep(delay);
                    return ShardBarrier.start(shard, store, "run-1", Clock.systemUTC());
                }));
            }
            List<Instant> agreed = new ArrayList<>();
            for (Future<Instant> f : starts) {
                agreed.add(f.get());
            }
            pool.shutdown();
            assertThat(agreed).as("one start for all").containsOnly(agreed.get(0));
            assertThat(agreed.get(0)).isAfter(Instant.now()).isBefore(Instant.now().plus(ShardBarrier.LEAD));
        }
    }

    @Test
    void aShardThatNeverComesStopsTheOthersByIndex() {
        try (LineProtocolFileStore store = new LineProtocolFileStore(null, folder.resolve("store"))) {
            Shard first = new Shard(0, 3, Optional.empty(), Duration.ofMillis(500));
            assertThatThrownBy(() -> ShardBarrier.start(first, store, "run-2", Clock.systemUTC()))
                    .hasMessageContaining("shards [1, 2] of 3 were not ready");
        }
    }
}
