package dev.prescale.shadow;

import dev.prescale.chaos.ActiveFaults;
import dev.prescale.chaos.FaultSchedule;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small fleet of simulated instances behind a least-loaded balancer: the queueing model of the shadow service,
 * driven by real arrivals but computed on the clock it is given, so tests can run it in virtual time.
 *
 * <p>Each instance is a FIFO queue with {@code workers} servers and exponential service times (an M/M/c queue under
 * Poisson arrivals): response time stays near the service time at low utilization and grows without bound as
 * utilization approaches 1. A request that would wait longer than {@code maxQueueWait} is shed with 503, which is how
 * an overloaded fleet fails. Thread-safe: every method takes the fleet's lock, which costs well under a microsecond.
 */
public final class ShadowFleet {

    /** Why a request was not served. */
    public enum Rejection {OVERLOADED, NO_READY_INSTANCE, FAULTY_INSTANCE}

    /** The fleet's answer to one request; hand it back to {@link #complete} once the response is sent. */
    public static final class Admission {
        private final int instanceId;
        private final long responseNanos;
        private final long serviceNanos;
        private final Rejection rejection;
        private final Instance instance;
        private final Endpoint endpoint;

        private Admission(int instanceId, long responseNanos, long serviceNanos, Rejection rejection,
                          Instance instance, Endpoint endpoint) {
            this.instanceId = instanceId;
            this.responseNanos = responseNanos;
            this.serviceNanos = serviceNanos;
            this.rejection = rejection;
            this.instance = instance;
            this.endpoint = endpoint;
        }

        /** Instance that serves it, or -1 when rejected. */
        public int instanceId() {
            return instanceId;
        }

        /** Time from arrival to response (queueing + service), 0 when rejected. */
        public long responseNanos() {
            return responseNanos;
        }

        /** The instance's own work on it (service time, without queueing), 0 when rejected: its true cost. */
        public long serviceNanos() {
            return serviceNanos;
        }

        /** Memory it holds while in flight. */
        public double memoryMb() {
            return endpoint.memoryMb();
        }

        /** Why it was rejected, or null when admitted. */
        public Rejection rejection() {
            return rejection;
        }

        public boolean admitted() {
            return rejection == null;
        }
    }

    private final ShadowConfig config;
    private final SplittableRandom random;
    private final List<Instance> instances = new ArrayList<>();
    private final WindowStats stats;
    private int nextId;
    private double launchErrorRate;
    private ActiveFaults faults;

    public ShadowFleet(ShadowConfig config, long nowNanos) {
        this.config = config;
        this.random = new SplittableRandom(config.seed());
        this.stats = new WindowStats((int) config.metricsWindow().toSeconds());
        for (int i = 0; i < config.instances(); i++) {
            instances.add(new Instance(nextId++, nowNanos, config.workersPerInstance(), stats.slots()));
        }
    }

    public ShadowConfig config() {
        return config;
    }

    /** Routes one request arriving at {@code nowNanos} and computes when it completes. */
    public synchronized Admission admit(Endpoint endpoint, long nowNanos) {
        Instance best = null;
        long bestFree = Long.MAX_VALUE;
        int down = instancesDown(nowNanos);
        for (int i = down; i < instances.size(); i++) {
            Instance instance = instances.get(i);
            if (instance.readyAtNanos <= nowNanos) {
                long free = instance.earliestFree();
                if (free < bestFree) {
                    best = instance;
                    bestFree = free;
                }
            }
        }
        if (best == null) {
            stats.record(nowNanos, 0, false);
            return new Admission(-1, 0, 0, Rejection.NO_READY_INSTANCE, null, endpoint);
        }
        if (best.errorRate > 0 && random.nextDouble() < best.errorRate) {
            stats.record(nowNanos, 0, false);
            return new Admission(-1, 0, 0, Rejection.FAULTY_INSTANCE, null, endpoint);
        }
        long start = Math.max(nowNanos, bestFree);
        if (start - nowNanos > config.maxQueueWait().toNanos()) {
            stats.record(nowNanos, 0, false);
            return new Admission(-1, 0, 0, Rejection.OVERLOADED, best, endpoint);
        }
        double slowdown = faults == null ? 1 : faults.slowdown(instances.indexOf(best), nowNanos);
        long service = Math.max(1, Math.round(draw() * config.meanServiceNanos(endpoint.cpuCost()) * slowdown));
        best.occupy(start + service, service, nowNanos, endpoint.memoryMb());
        long response = start + service - nowNanos;
        stats.record(nowNanos, response, true);
        return new Admission(best.id, response, service, null, best, endpoint);
    }

    /** A service time in units of its mean: Erlang-k, the mean of k exponential draws. */
    private double draw() {
        int k = config.serviceTimeShape();
        double sum = 0;
        for (int i = 0; i < k; i++) {
            sum -= Math.log(1 - random.nextDouble());
        }
        return sum / k;
    }

    /** Marks an admitted request as answered, releasing the memory it held. */
    public synchronized void complete(Admission admission) {
        if (admission.admitted()) {
            admission.instance.release(admission.endpoint.memoryMb());
        }
    }

    /**
     * Sets the number of instances. New ones serve after the warm-up; removed ones are the newest (those still warming
     * first) and finish what they hold.
     *
     * @return the count actually set, clamped to [0, maxInstances]
     */
    public synchronized int scaleTo(int count, long nowNanos) {
        int target = Math.max(0, Math.min(config.maxInstances(), count));
        while (instances.size() < target) {
            Instance launched = new Instance(nextId++, nowNanos + config.warmUp().toNanos(),
                    config.workersPerInstance(), stats.slots());
            launched.errorRate = launchErrorRate;
            instances.add(launched);
        }
        while (instances.size() > target) {
            instances.remove(instances.size() - 1);
        }
        return target;
    }

    /**
     * Instances launched from now on fail this share of their requests with 503, as if started from a broken image:
     * what a canary rollout must catch. 0 (the default) for healthy launches.
     */
    public synchronized void setLaunchErrorRate(double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("launch error rate must be 0..1, but was " + rate);
        }
        launchErrorRate = rate;
    }

    public synchronized int instanceCount() {
        return instances.size();
    }

    public synchronized int readyCount(long nowNanos) {
        int down = instancesDown(nowNanos);
        int ready = 0;
        for (int i = down; i < instances.size(); i++) {
            ready += instances.get(i).readyAtNanos <= nowNanos ? 1 : 0;
        }
        return ready;
    }

    /**
     * Starts a chaos schedule now (replacing any before it): from here on, crashes take the oldest instances out of
     * service and slow ones serve slower, each for its fault's time only; {@link #requestFaults} says what a request
     * meets before it reaches an instance.
     */
    public synchronized ActiveFaults inject(FaultSchedule schedule, long nowNanos) {
        faults = new ActiveFaults(schedule, nowNanos, random.nextLong());
        return faults;
    }

    /** Ends every injected fault now. */
    public synchronized void clearFaults() {
        faults = null;
    }

    /** What the injected faults do to a request for {@code path} arriving now ({@link ActiveFaults.Verdict#NONE}). */
    public synchronized ActiveFaults.Verdict requestFaults(String path, long nowNanos) {
        return faults == null ? ActiveFaults.Verdict.NONE : faults.onRequest(path, nowNanos);
    }

    /** Counts a request that a fault failed before it reached an instance. */
    public synchronized void recordFailure(long nowNanos) {
        stats.record(nowNanos, 0, false);
    }

    /** Instances out of service by a crash fault: the oldest, crashed or restarting through their warm-up. */
    private int instancesDown(long nowNanos) {
        return faults == null ? 0 : Math.min(instances.size(), faults.instancesOut(nowNanos,
                config.warmUp().toNanos()));
    }

    /** What {@code GET /metrics} reports, over the last full metrics window before {@code nowNanos}. */
    public synchronized ShadowMetrics metrics(long nowNanos) {
        int window = stats.window();
        List<ShadowMetrics.InstanceMetrics> perInstance = new ArrayList<>(instances.size());
        double capacityNanos = config.workersPerInstance() * window * 1e9;
        int down = instancesDown(nowNanos);
        int crashed = faults == null ? 0 : faults.instancesCrashed(nowNanos);
        for (int i = 0; i < instances.size(); i++) {
            Instance instance = instances.get(i);
            boolean ready = instance.readyAtNanos <= nowNanos && i >= down;
            perInstance.add(new ShadowMetrics.InstanceMetrics(instance.id, i < crashed ? "CRASHED"
                    : ready ? "READY" : "WARMING",
                    Math.min(1, instance.busyNanos(nowNanos, window) / capacityNanos),
                    config.baseMemoryMb() + instance.memoryMb, instance.inFlight));
        }
        WindowStats.Summary s = stats.summary(nowNanos);
        Histogram h = s.latency();
        return new ShadowMetrics(instances.size(), readyCount(nowNanos), perInstance, s.requests() / (double) window,
                s.requests() == 0 ? 0 : s.errors() / (double) s.requests(),
                new ShadowMetrics.Latency(millis(h.getValueAtPercentile(50)), millis(h.getValueAtPercentile(95)),
                        millis(h.getValueAtPercentile(99)), millis(h.getMaxValue())),
                window, stats.totalRequests(), stats.totalErrors());
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }

    /** One simulated instance: its workers' next free times, and busy time per second for utilization. */
    static final class Instance {
        final int id;
        final long readyAtNanos;
        private final long[] freeAt;
        private final long[] busyBySecond;
        private final long[] secondOfSlot;
        double memoryMb;
        int inFlight;
        double errorRate;

        Instance(int id, long readyAtNanos, int workers, int slots) {
            this.id = id;
            this.readyAtNanos = readyAtNanos;
            this.freeAt = new long[workers];
            java.util.Arrays.fill(freeAt, Long.MIN_VALUE);
            this.busyBySecond = new long[slots];
            this.secondOfSlot = new long[slots];
            java.util.Arrays.fill(secondOfSlot, -1);
        }

        long earliestFree() {
            long min = Long.MAX_VALUE;
            for (long t : freeAt) {
                min = Math.min(min, t);
            }
            return min;
        }

        void occupy(long until, long serviceNanos, long nowNanos, double memory) {
            int earliest = 0;
            for (int w = 1; w < freeAt.length; w++) {
                if (freeAt[w] < freeAt[earliest]) {
                    earliest = w;
                }
            }
            freeAt[earliest] = until;
            long second = Math.floorDiv(nowNanos, 1_000_000_000L);
            int slot = (int) Math.floorMod(second, busyBySecond.length);
            if (secondOfSlot[slot] != second) {
                secondOfSlot[slot] = second;
                busyBySecond[slot] = 0;
            }
            busyBySecond[slot] += serviceNanos;
            memoryMb += memory;
            inFlight++;
        }

        void release(double memory) {
            memoryMb = Math.max(0, memoryMb - memory);
            inFlight = Math.max(0, inFlight - 1);
        }

        /** Service time admitted in the {@code window} full seconds before the current one. */
        long busyNanos(long nowNanos, int window) {
            long current = Math.floorDiv(nowNanos, 1_000_000_000L);
            long total = 0;
            for (int i = 0; i < busyBySecond.length; i++) {
                if (secondOfSlot[i] >= current - window && secondOfSlot[i] < current) {
                    total += busyBySecond[i];
                }
            }
            return total;
        }
    }
}
