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
