package dev.prescale.chaos;

import java.time.Duration;

/**
 * One controlled failure (seed 000's third tier): when it starts (from the start of its schedule), how long it lasts
 * and how hard it hits. Every fault is bounded in time: it is a function of the clock, not a switch someone must turn
 * off, so it ends by itself even when whoever started it is gone.
 */
public sealed interface Fault {

    /** From the start of the schedule. */
    Duration start();

    /** How long the fault lasts; for a crash, how long until the instances are back. */
    Duration duration();

    default Duration end() {
        return start().plus(duration());
    }

    /** The kind as written in chaos profiles: {@code latency}, {@code errors}, ... */
    String kind();

    /**
     * Every response is late by {@code fixed} plus an exponentially distributed extra of mean {@code jitterMean}
     * (network latency, a slow dependency).
     */
    record Latency(Duration start, Duration duration, Duration fixed, Duration jitterMean) implements Fault {
        public Latency {
            Faults.checkWindow("latency", start, duration);
            if (fixed.isNegative() || jitterMean.isNegative() || (fixed.isZero() && jitterMean.isZero())) {
                throw new IllegalArgumentException("latency fault: fixed and jitter must be zero or more and not both "
                        + "zero, but were " + fixed + " and " + jitterMean);
            }
        }

        @Override
        public String kind() {
            return "latency";
        }
    }

    /** This share of requests is answered at once with {@code status} (a failing release, a bad config). */
    record Errors(Duration start, Duration duration, double rate, int status) implements Fault {
        public Errors {
            Faults.checkWindow("errors", start, duration);
            Faults.checkRate("errors", rate);
            Faults.checkStatus("errors", status);
        }

        @Override
        public String kind() {
            return "errors";
        }
    }

    /** This share of connections is closed without any answer (a crashing proxy, a lost network path). */
    record DroppedConnections(Duration start, Duration duration, double rate) implements Fault {
        public DroppedConnections {
            Faults.checkWindow("dropped-connections", start, duration);
            Faults.checkRate("dropped-connections", rate);
        }

        @Override
        public String kind() {
            return "dropped-connections";
        }
    }

    /**
     * {@code instances} instances crash: their capacity is gone for {@code duration} (until the orchestrator restarts
     * them), and then for the service's warm-up while they come back: a restart is not instant capacity.
     */
    record InstanceCrash(Duration start, Duration duration, int instances) implements Fault {
        public InstanceCrash {
            Faults.checkWindow("instance-crash", start, duration);
            Faults.checkInstances("instance-crash", instances);
        }

        @Override
        public String kind() {
            return "instance-crash";
        }
    }

    /** {@code instances} instances serve {@code factor} times slower (a noisy neighbour, a degraded disk). */
    record SlowInstance(Duration start, Duration duration, int instances, double factor) implements Fault {
        public SlowInstance {
            Faults.checkWindow("slow-instance", start, duration);
            Faults.checkInstances("slow-instance", instances);
            if (!(factor >= 1 && factor <= 1000)) {
                throw new IllegalArgumentException("slow-instance fault: factor must be in [1, 1000], but was "
                        + factor);
            }
        }

        @Override
        public String kind() {
            return "slow-instance";
        }
    }

    /**
     * Every request whose path starts with {@code pathPrefix} fails with {@code status}: the dependency behind that
     * family of endpoints (payments behind {@code /checkout}) is down, the rest of the service is not.
     */
    record DependencyOutage(Duration start, Duration duration, String pathPrefix, int status) implements Fault {
        public DependencyOutage {
            Faults.checkWindow("dependency-outage", start, duration);
            Faults.checkStatus("dependency-outage", status);
            if (pathPrefix == null || !pathPrefix.startsWith("/")) {
                throw new IllegalArgumentException("dependency-outage fault: path must start with '/', but was "
                        + pathPrefix);
            }
        }

        @Override
        public String kind() {
            return "dependency-outage";
        }
    }
}
