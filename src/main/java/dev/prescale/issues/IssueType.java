package dev.prescale.issues;

import dev.prescale.chaos.Fault;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The issue types the simulator can turn into faults on the shadow environment, with what their magnitude means.
 * Other types (say {@code traffic-surge}) are fitted and generated too, but have no fault to play.
 */
public enum IssueType {
    /** Magnitude: milliseconds added to every response. */
    LATENCY("latency", Double.POSITIVE_INFINITY),
    /** Magnitude: the share of requests failing, 0..1. */
    ERRORS("errors", 1),
    /** Magnitude: instances lost. */
    CRASH("crash", Double.POSITIVE_INFINITY),
    /** Magnitude: how many times slower one instance serves. */
    SLOWDOWN("slowdown", 1000),
    /** Magnitude: the share of the dependency's calls failing (the outage takes its whole endpoint family). */
    OUTAGE("outage", 1);

    private final String label;
    private final double largest;

    IssueType(String label, double largest) {
        this.label = label;
        this.largest = largest;
    }

    public String label() {
        return label;
    }

    /** The largest magnitude that means anything (a share cannot pass 1). */
    public double largest() {
        return largest;
    }

    public static Optional<IssueType> of(String label) {
        for (IssueType t : values()) {
            if (t.label.equals(label)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * The fault that plays an issue of this type on the shadow environment. {@code component} names the endpoint
     * family for an outage ({@code /checkout}); instance counts are kept under the fleet's size.
     */
    public Fault fault(Duration start, Duration duration, double magnitude, String component, int fleetSize) {
        return switch (this) {
            case LATENCY -> new Fault.Latency(start, duration, Duration.ofMillis(Math.round(magnitude)),
                    Duration.ZERO);
            case ERRORS -> new Fault.Errors(start, duration, Math.min(1, magnitude), 503);
            case CRASH -> new Fault.InstanceCrash(start, duration, (int) Math.max(1, Math.min(fleetSize - 1,
                    Math.round(magnitude))));
            case SLOWDOWN -> new Fault.SlowInstance(start, duration, 1, Math.max(1, Math.min(1000, magnitude)));
            case OUTAGE -> new Fault.DependencyOutage(start, duration, component.startsWith("/") ? component
                    : "/" + component, 503);
        };
    }

    /** What an issue of this size does, in words. */
    public String impact(double magnitude, int fleetSize) {
        return switch (this) {
            case LATENCY -> String.format(Locale.ROOT, "+%.0f ms on every response", magnitude);
            case ERRORS -> String.format(Locale.ROOT, "%.1f%% of requests fail", Math.min(1, magnitude) * 100);
            case CRASH -> String.format(Locale.ROOT, "%d of %d instances lost (%.0f%% of capacity)",
                    Math.round(magnitude), fleetSize, Math.min(1, magnitude / fleetSize) * 100);
            case SLOWDOWN -> String.format(Locale.ROOT, "one instance %.1fx slower", magnitude);
            case OUTAGE -> "the endpoint family fails outright";
        };
    }
}
