package dev.prescale.chaos;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * A {@link FaultSchedule} under way from a moment on a monotonic clock ({@link System#nanoTime}): what each fault does
 * to a request or an instance at any later moment. Everything here is a function of the time passed, so the faults
 * stop at their end without anyone stopping them, and at {@link FaultSchedule#maxLength()} at the latest. Nothing is
 * kept anywhere but in this object: a process killed mid-fault starts clean. Thread-safe.
 */
public final class ActiveFaults {

    /** What a request meets: extra latency, an error status instead of an answer, or a dropped connection. */
    public record Verdict(long extraLatencyNanos, int status, boolean drop) {

        public static final Verdict NONE = new Verdict(0, 0, false);

        public boolean fails() {
            return status != 0 || drop;
        }
    }

    private final FaultSchedule schedule;
    private final long startNanos;
    private final SplittableRandom random;

    public ActiveFaults(FaultSchedule schedule, long startNanos, long seed) {
        this.schedule = schedule;
        this.startNanos = startNanos;
        this.random = new SplittableRandom(seed);
    }

    public FaultSchedule schedule() {
        return schedule;
    }

    /** When the schedule started, on the {@link System#nanoTime} clock. */
    public long startNanos() {
        return startNanos;
    }

    /** True once every fault has ended (or the schedule's maximum has passed). */
    public boolean over(long nowNanos) {
        Duration elapsed = Duration.ofNanos(nowNanos - startNanos);
        return elapsed.compareTo(schedule.lastEnd()) >= 0 || elapsed.compareTo(schedule.maxLength()) >= 0;
    }

    private boolean active(Fault f, long nowNanos) {
        long elapsed = nowNanos - startNanos;
        return elapsed >= f.start().toNanos() && elapsed < f.end().toNanos()
                && elapsed < schedule.maxLength().toNanos();
    }

    /** What the faults active at {@code nowNanos} do to a request for {@code path}. */
    public synchronized Verdict onRequest(String path, long nowNanos) {
        long extra = 0;
        for (Fault f : schedule.faults()) {
            if (!active(f, nowNanos)) {
                continue;
            }
            if (f instanceof Fault.DependencyOutage o && path.startsWith(o.pathPrefix())) {
                return new Verdict(0, o.status(), false);
            } else if (f instanceof Fault.DroppedConnections d && random.nextDouble() < d.rate()) {
                return new Verdict(0, 0, true);
            } else if (f instanceof Fault.Errors e && random.nextDouble() < e.rate()) {
                return new Verdict(0, e.status(), false);
            } else if (f instanceof Fault.Latency l) {
                extra += l.fixed().toNanos() + Math.round(-Math.log(1 - random.nextDouble())
                        * l.jitterMean().toNanos());
            }
        }
        return extra == 0 ? Verdict.NONE : new Verdict(extra, 0, false);
    }

    /** How many instances are crashed at {@code nowNanos} (crashes of several faults add up). */
    public int instancesCrashed(long nowNanos) {
        return instancesOut(nowNanos, 0);
    }

    /**
     * How many instances cannot serve at {@code nowNanos}: crashed, or restarted less than {@code warmUpNanos} ago and
     * still warming up (a restarted process has cold caches and a cold JIT, and passes its health check only after
     * the warm-up). Never past the schedule's maximum.
     */
    public int instancesOut(long nowNanos, long warmUpNanos) {
        long elapsed = nowNanos - startNanos;
        int out = 0;
        for (Fault f : schedule.faults()) {
            if (f instanceof Fault.InstanceCrash c && elapsed >= f.start().toNanos()
                    && elapsed < f.end().toNanos() + warmUpNanos && elapsed < schedule.maxLength().toNanos()) {
                out += c.instances();
            }
        }
        return out;
    }

    /** How many times slower the instance at {@code index} (in age order) serves at {@code nowNanos}; 1 normally. */
    public double slowdown(int index, long nowNanos) {
        double factor = 1;
        for (Fault f : schedule.faults()) {
            if (f instanceof Fault.SlowInstance s && active(f, nowNanos) && index < s.instances()) {
                factor *= s.factor();
            }
        }
        return factor;
    }
}
