package dev.prescale.simulation;

import dev.prescale.store.Point;
import dev.prescale.store.TimeSeriesStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Starting injectors together. With {@code shard.start}, each waits for that instant. Without it (a CronJob cannot
 * write one instant into its template), each writes {@code shard_status} {@code ready} to the store and waits until
 * every shard of the run has; all then start {@link #LEAD} after the last one was ready, an instant each computes alike
 * from the same points. A shard that never comes fails the others at the barrier's timeout, by index.
 */
public final class ShardBarrier {

    /** From the last shard ready to the start: time for every shard to read that it was. */
    public static final Duration LEAD = Duration.ofSeconds(8);

    private ShardBarrier() {
    }

    /**
     * When this shard starts sending.
     *
     * @param store where the shards meet; null when there is none (then {@code shard.start} is required)
     * @throws IllegalStateException naming the shards that did not come within {@link Shard#barrier()}
     */
    public static Instant start(Shard shard, TimeSeriesStore store, String runId, Clock clock)
            throws InterruptedException {
        if (shard.start().isPresent() || !shard.sharded()) {
            return shard.start().orElse(clock.instant());
        }
        if (store == null) {
            throw new IllegalArgumentException("shard.count=" + shard.count() + " without shard.start needs a store "
                    + "for the shards to meet in: set store=influx (or file on a shared volume), or shard.start");
        }
        store.write(Point.of("shard_status", clock.instant()).tag("run_id", runId)
                .tag("shard", String.valueOf(shard.index())).field("state", "ready").build());
        store.flush(Duration.ofSeconds(30));
        Instant deadline = clock.instant().plus(shard.barrier());
        while (true) {
            Map<Integer, Instant> ready = ready(store, runId, shard.count());
            if (ready.size() == shard.count()) {
                return ready.values().stream().max(Instant::compareTo).orElseThrow().plus(LEAD);
            }
            if (!clock.instant().isBefore(deadline)) {
                List<Integer> missing = new ArrayList<>();
                for (int i = 0; i < shard.count(); i++) {
                    if (!ready.containsKey(i)) {
                        missing.add(i);
                    }
                }
                throw new IllegalStateException("run " + runId + ": shards " + missing + " of " + shard.count()
                        + " were not ready within shard.barrier=" + shard.barrier() + "; check their pods");
            }
            Thread.sleep(250);
        }
    }

    /**
     * How long before the agreed start a shard's Gatling is let go: Gatling builds its engine (stats writers, actors)
     * after a simulation's {@code before()}, which takes about a second on a busy machine, so {@code before()} cannot
     * sleep until the start itself; {@link Alignment} absorbs the rest exactly.
     */
    public static final Duration PRE_ROLL = Duration.ofSeconds(5);

    /**
     * Lines a shard's arrivals up with the agreed start, whatever Gatling's start-up took: each virtual user pauses on
     * arrival by {@code start - T0}, where T0 is when Gatling's injection began (the first user's arrival less its
     * planned offset), so an arrival planned at offset t is sent at {@code start + t} on every shard alike. A shard
     * whose Gatling began after the start sends at once (late by the difference, which {@link #lateMillis} tells).
     */
    public static final class Alignment {
        private final long firstOffsetMillis;
        private final Clock clock;
        private volatile Instant start;
        private volatile long pauseMillis = Long.MIN_VALUE;
        private volatile long lateMillis;

        /** @param plan the shard's plan: its first arrival is at the start of its first step that sends */
        public Alignment(InjectionPlan plan, Clock clock) {
            this.firstOffsetMillis = 1000L * plan.steps().stream().filter(s -> !s.isIdle())
                    .mapToInt(InjectionPlan.Step::startSecond).findFirst().orElse(0);
            this.clock = clock;
        }

        public void startAt(Instant agreed) {
            this.start = agreed;
        }

        /** The pause each arriving user takes before its first request: the same for all. */
        public Duration pause() {
            if (start == null) {
                return Duration.ZERO;
            }
            if (pauseMillis == Long.MIN_VALUE) {
                synchronized (this) {
                    if (pauseMillis == Long.MIN_VALUE) {
                        long injectionBegan = clock.millis() - firstOffsetMillis;
                        long pause = start.toEpochMilli() - injectionBegan;
                        lateMillis = Math.max(0, -pause);
                        pauseMillis = Math.max(0, pause);
                    }
                }
            }
            return Duration.ofMillis(pauseMillis);
        }

        /** How late this shard's injection began after the agreed start (0 when it was in time). */
        public long lateMillis() {
            return lateMillis;
        }
    }

    /** Waits until {@code start} (at once when it has passed). */
    public static void sleepUntil(Instant start, Clock clock) throws InterruptedException {
        long wait = Duration.between(clock.instant(), start).toMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    /** Each shard's first ready time. */
    static Map<Integer, Instant> ready(TimeSeriesStore store, String runId, int count) {
        Map<Integer, Instant> ready = new TreeMap<>();
        for (Point p : store.read("shard_status", Map.of("run_id", runId), Instant.EPOCH,
                Instant.now().plus(Duration.ofDays(1)))) {
            try {
                int i = Integer.parseInt(p.tag("shard"));
                if (i >= 0 && i < count && "ready".equals(p.text("state"))) {
                    ready.merge(i, p.time(), (a, b) -> a.isBefore(b) ? a : b);
                }
            } catch (NumberFormatException ignored) {
                // not a shard of this run
            }
        }
        return ready;
    }
}
