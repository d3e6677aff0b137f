package dev.prescale.shadow;

import java.time.Duration;
import java.util.List;

/**
 * The shape of the shadow fleet. Immutable; {@code with...} methods return copies.
 *
 * <p>Defaults ({@link #DEFAULTS}): {@value #DEFAULT_INSTANCES} instances of {@value #DEFAULT_CAPACITY} cost units/s
 * with {@value #DEFAULT_WORKERS} workers each, 30 s warm-up, requests shed after 1 s in the queue, a 5 s metrics
 * window, and three endpoints: browse (1 unit, 6 kB answers), search (3 units, 3 kB), checkout (8 units, 1.2 kB).
 *
 * @param instances           instances serving at start
 * @param maxInstances        upper bound for {@link ShadowFleet#scaleTo}
 * @param capacityPerInstance cost units one instance completes per second at full utilization
 * @param workersPerInstance  requests an instance serves at once (its cores); service time of one request is
 *                            {@code cost * workers / capacity} on average, exponentially distributed
 * @param warmUp              how long a new instance takes before it serves
 * @param maxQueueWait        a request that would wait longer than this in the queue is rejected with 503
 * @param baseMemoryMb        memory an idle instance uses
 * @param metricsWindow       window over which /metrics reports rates, utilization and percentiles
 * @param endpoints           the requests served
 * @param seed                seed for service-time randomness, so runs are repeatable
 * @param serviceTimeShape    k of the Erlang-k distribution service times are drawn from: 1 is exponential (the
 *                            default, a coefficient of variation of 1), higher is steadier ({@code 1/sqrt(k)})
 */
public record ShadowConfig(int instances, int maxInstances, double capacityPerInstance, int workersPerInstance,
                           Duration warmUp, Duration maxQueueWait, double baseMemoryMb, Duration metricsWindow,
                           List<Endpoint> endpoints, long seed, int serviceTimeShape) {

    public static final int DEFAULT_INSTANCES = 2;
    public static final double DEFAULT_CAPACITY = 100;
    public static final int DEFAULT_WORKERS = 4;

    public static final List<Endpoint> STOREFRONT = List.of(
            new Endpoint("browse", "GET", "/browse", 1, 4, 6_000),
            new Endpoint("search", "GET", "/search", 3, 16, 3_000),
            new Endpoint("checkout", "POST", "/checkout", 8, 32, 1_200));

    /**
     * The storefront, and any other page: a site's pages (1 unit, 4 kB) for GETs and a form post (3 units) for POSTs
     * to paths the storefront does not have, so traffic replayed from a real site's log is served.
     */
    public static final List<Endpoint> STOREFRONT_AND_PAGES = List.of(STOREFRONT.get(0), STOREFRONT.get(1),
            STOREFRONT.get(2), new Endpoint("page", "GET", "/*", 1, 4, 4_000), new Endpoint("form", "POST", "/*", 3, 8,
                    600));

    public static final ShadowConfig DEFAULTS = new ShadowConfig(DEFAULT_INSTANCES, 64, DEFAULT_CAPACITY,
            DEFAULT_WORKERS, Duration.ofSeconds(30), Duration.ofSeconds(1), 256, Duration.ofSeconds(5), STOREFRONT, 42, 1);

    public ShadowConfig {
        if (instances < 0 || maxInstances < 1 || instances > maxInstances) {
            throw new IllegalArgumentException("instances must be in [0, maxInstances] and maxInstances >= 1, but were "
                    + instances + " and " + maxInstances);
        }
        if (!(capacityPerInstance > 0) || workersPerInstance < 1) {
            throw new IllegalArgumentException("capacityPerInstance must be > 0 and workersPerInstance >= 1, but were "
                    + capacityPerInstance + " and " + workersPerInstance);
        }
        if (warmUp.isNegative() || maxQueueWait.isNegative() || metricsWindow.toSeconds() < 1) {
            throw new IllegalArgumentException("warmUp and maxQueueWait must be >= 0 and metricsWindow >= 1 s, but were "
                    + warmUp + ", " + maxQueueWait + ", " + metricsWindow);
        }
        if (serviceTimeShape < 1 || serviceTimeShape > 100) {
            throw new IllegalArgumentException("serviceTimeShape is an Erlang k in [1, 100], but was "
                    + serviceTimeShape);
        }
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("the shadow service needs at least one endpoint");
        }
    }

    public ShadowConfig withInstances(int count) {
        return new ShadowConfig(count, Math.max(count, maxInstances), capacityPerInstance, workersPerInstance, warmUp,
                maxQueueWait, baseMemoryMb, metricsWindow, endpoints, seed, serviceTimeShape);
    }

    public ShadowConfig withCapacity(double unitsPerSecond, int workers) {
        return new ShadowConfig(instances, maxInstances, unitsPerSecond, workers, warmUp, maxQueueWait, baseMemoryMb,
                metricsWindow, endpoints, seed, serviceTimeShape);
    }

    public ShadowConfig withWarmUp(Duration value) {
        return new ShadowConfig(instances, maxInstances, capacityPerInstance, workersPerInstance, value, maxQueueWait,
                baseMemoryMb, metricsWindow, endpoints, seed, serviceTimeShape);
    }

    public ShadowConfig withMaxQueueWait(Duration value) {
        return new ShadowConfig(instances, maxInstances, capacityPerInstance, workersPerInstance, warmUp, value,
                baseMemoryMb, metricsWindow, endpoints, seed, serviceTimeShape);
    }

    public ShadowConfig withMetricsWindow(Duration value) {
        return new ShadowConfig(instances, maxInstances, capacityPerInstance, workersPerInstance, warmUp, maxQueueWait,
                baseMemoryMb, value, endpoints, seed, serviceTimeShape);
    }

    public ShadowConfig withEndpoints(List<Endpoint> value) {
        return new ShadowConfig(instances, maxInstances, capacityPerInstance, workersPerInstance, warmUp, maxQueueWait,
                baseMemoryMb, metricsWindow, value, seed, serviceTimeShape);
    }

    /** Mean service time of a request of {@code cost} units, in nanoseconds. */
    /** Service times drawn from an Erlang-{@code k} distribution (coefficient of variation {@code 1/sqrt(k)}). */
    public ShadowConfig withServiceTimeShape(int k) {
        return new ShadowConfig(instances, maxInstances, capacityPerInstance, workersPerInstance, warmUp, maxQueueWait,
                baseMemoryMb, metricsWindow, endpoints, seed, k);
    }

    double meanServiceNanos(double cost) {
        return cost * workersPerInstance / capacityPerInstance * 1e9;
    }
}
