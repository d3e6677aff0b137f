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
     * Lines a shard's arrivals up with the agreed start, whatever Gatling's start-up took: Gatling injects the users
     * early (from the pre-roll on) and the k-th arriving user pauses until {@code start + t(k)}, where t(k) is when the
     * plan puts its k-th arrival, so every shard sends its plan on one clock. Each user's moment comes from the plan,
     * not from when Gatling happened to inject it: a hiccup of the injector (the JVM's first requests load classes and
     * compile code) would otherwise be replayed one pause later as a dip in the rate. Shard i of n takes the moments
     * {@code t(k + i/n)}: the plan's arrivals were dealt in turn, so the shards' moments interleave as the whole
     * plan's do instead of n shards sending at the same instants. A shard whose Gatling began after the start sends
     * at once (late by the difference, which {@link #lateMillis} tells).
     */
    public static final class Alignment {
        private final InjectionPlan plan;
        /** The plan's steps that send, and the users of those before each: a binary search per arrival. */
        private final List<InjectionPlan.Step> sending;
        private final long[] usersBefore;
        private final double phase;
        private final Clock clock;
        private final java.util.concurrent.atomic.AtomicLong arrivals = new java.util.concurrent.atomic.AtomicLong();
        private volatile Instant start;
        private volatile long lateMillis = -1;

        /**
         * @param plan  the shard's plan, whose arrivals Gatling injects in order
         * @param shard which shard it is (its index places its moments between the other shards')
         */
        public Alignment(InjectionPlan plan, Shard shard, Clock clock) {
            this.plan = plan;
            this.sending = plan.steps().stream().filter(s -> !s.isIdle()).toList();
            this.usersBefore = new long[sending.size()];
            for (int i = 1; i < sending.size(); i++) {
                usersBefore[i] = usersBefore[i - 1] + sending.get(i - 1).users();
            }
            this.phase = shard.sharded() ? (double) shard.index() / shard.count() : 0;
            this.clock = clock;
        }

        public void startAt(Instant agreed) {
            this.start = agreed;
        }

        /** The pause the arriving user takes before its first request: until its planned moment after the start. */
        public Duration pause() {
            if (start == null) {
                return Duration.ZERO;
            }
            long k = arrivals.getAndIncrement();
            long sendAt = start.toEpochMilli() + Math.round(1000 * moment(k + phase));
            long pause = sendAt - clock.millis();
            if (k == 0) {
                lateMillis = Math.max(0, -pause);
            }
            return Duration.ofMillis(Math.max(0, pause));
        }

        /**
         * Seconds into the run at which the plan puts its arrival number {@code k} (from 0; a fraction lies between
         * two arrivals): where its steps' rates, integrated, reach k; the first arrival of a step at its start, as
         * Gatling sends it. Past the last arrival, the run's end.
         */
        double moment(double k) {
            int i = java.util.Arrays.binarySearch(usersBefore, (long) Math.floor(k));
            i = i >= 0 ? i : -i - 2; // the last step that begins at or before arrival k (each has users)
            if (i < 0 || k >= usersBefore[sending.size() - 1] + sending.get(sending.size() - 1).users()) {
                return i < 0 ? 0 : plan.runSeconds();
            }
            InjectionPlan.Step s = sending.get(i);
            double r0 = s.startRate();
            double r1 = s.endRate();
            double d = s.seconds();
            double n = (k - usersBefore[i]) * ((r0 + r1) / 2 * d) / s.users(); // in the step's own integral
            double t;
            if (Math.abs(r1 - r0) < 1e-12) {
                t = n / r0;
            } else {
                double a = (r1 - r0) / (2 * d);
                t = (-r0 + Math.sqrt(Math.max(0, r0 * r0 + 4 * a * n))) / (2 * a);
            }
            return s.startSecond() + Math.min(d, Math.max(0, t));
        }

        /** How late this shard's first arrival was sent after its planned moment (0 when in time or none yet). */
        public long lateMillis() {
            return Math.max(0, lateMillis);
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
