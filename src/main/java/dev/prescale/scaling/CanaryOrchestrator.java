package dev.prescale.scaling;

import dev.prescale.store.TimeSeriesStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Applies a large capacity change in canary steps (seed 001's production orchestrator): each step changes part of the
 * way, waits for new instances to warm up and serve, then compares health with the health before the change. A step
 * that makes things worse (error rate up by more than {@code maxErrorRateRise}, or p95 up by more than
 * {@code maxLatencyRatio}) is rolled back to the capacity before the change, and the rollback is recorded with its
 * reason. Every step is a {@code scaling_action} in the store.
 */
public final class CanaryOrchestrator {

    /** Health of the target over a window, from the live results. */
    public record Health(long requests, double errorRate, double p95Millis) {
    }

    /** Reads health over [from, to). */
    @FunctionalInterface
    public interface HealthProbe {
        Health between(Instant from, Instant to);
    }

    /**
     * @param stepFraction    share of the whole change per step (0.34: three steps); at least one instance
     * @param settle          wait after each step before judging it (warm-up plus a few seconds of traffic)
     * @param observe         window the health is judged over, ending now
     * @param minRequests     fewer requests than this in a window and health is not judged
     * @param maxErrorRateRise absolute rise in error rate that fails a step, e.g. 0.02
     * @param maxLatencyRatio p95 ratio to before the change that fails a step, e.g. 1.5
     */
    public record Settings(double stepFraction, Duration settle, Duration observe, long minRequests,
                           double maxErrorRateRise, double maxLatencyRatio) {
        public Settings {
            if (!(stepFraction > 0 && stepFraction <= 1)) {
                throw new IllegalArgumentException("stepFraction must be in (0, 1], but was " + stepFraction);
            }
        }
    }

    /** How the change ended; {@code steps} are the recorded step and rollback decisions, in order. */
    public record Result(int finalCapacity, boolean rolledBack, List<ScalingDecision> steps) {
    }

    private final Scaler scaler;
    private final HealthProbe probe;
    private final TimeSeriesStore store;
    private final Clock clock;
    private final Settings settings;

    public CanaryOrchestrator(Scaler scaler, HealthProbe probe, TimeSeriesStore store, Clock clock,
                              Settings settings) {
        this.scaler = scaler;
        this.probe = probe;
        this.store = store;
        this.clock = clock;
        this.settings = settings;
    }

    /** Walks from the decision's {@code from} to its {@code to}; returns early after a rollback. */
    public Result apply(ScalingDecision decision) throws InterruptedException {
        int from = decision.from();
        int to = decision.to();
        Instant start = clock.instant();
        Health before = probe.between(start.minus(settings.observe()), start);
        int stepSize = (int) Math.max(1, Math.ceil(Math.abs(to - from) * settings.stepFraction()));
        List<ScalingDecision> steps = new ArrayList<>();
        int current = from;
        while (current != to) {
            int next = to > current ? Math.min(to, current + stepSize) : Math.max(to, current - stepSize);
            scaler.setCapacity(decision.group(), next, next == to ? decision.newMax() : Math.max(-1,
                    Math.min(decision.newMax(), next)));
            Thread.sleep(settings.settle().toMillis());
            Instant now = clock.instant();
            Health after = probe.between(now.minus(settings.observe()), now);
            String verdict = verdict(before, after);
            ScalingDecision step = record(decision, current, next, "canary-step", String.format(Locale.ROOT,
                    "step %d -> %d of %d -> %d: %s", current, next, from, to, describe(before, after, verdict)));
            steps.add(step);
            if (verdict != null) {
                scaler.setCapacity(decision.group(), from, -1);
                steps.add(record(decision, next, from, "canary-rollback", "rolled back to " + from + ": " + verdict
                        + " after step " + current + " -> " + next));
                return new Result(from, true, steps);
            }
            current = next;
        }
        return new Result(current, false, steps);
    }

    /** Null when the step is healthy (or cannot be judged), else what got worse. */
    private String verdict(Health before, Health after) {
        if (after.requests() < settings.minRequests() || before.requests() < settings.minRequests()) {
            return null;
        }
        if (after.errorRate() > before.errorRate() + settings.maxErrorRateRise()) {
            return String.format(Locale.ROOT, "error rate rose from %.1f%% to %.1f%% (limit +%.1f points)",
                    before.errorRate() * 100, after.errorRate() * 100, settings.maxErrorRateRise() * 100);
        }
        if (before.p95Millis() > 0 && after.p95Millis() > before.p95Millis() * settings.maxLatencyRatio()) {
            return String.format(Locale.ROOT, "p95 rose from %.0f ms to %.0f ms (limit x%.2f)", before.p95Millis(),
                    after.p95Millis(), settings.maxLatencyRatio());
        }
        return null;
    }

    private String describe(Health before, Health after, String verdict) {
        String health = String.format(Locale.ROOT, "errors %.1f%% -> %.1f%%, p95 %.0f -> %.0f ms over %d requests",
                before.errorRate() * 100, after.errorRate() * 100, before.p95Millis(), after.p95Millis(),
                after.requests());
        if (after.requests() < settings.minRequests() || before.requests() < settings.minRequests()) {
            return health + " (too few requests to judge)";
        }
        return health + (verdict == null ? ", healthy" : ", WORSE");
    }

    private ScalingDecision record(ScalingDecision d, int from, int to, String rule, String reason) {
        ScalingDecision step = new ScalingDecision(clock.instant(), d.group(), to > from
                ? ScalingDecision.Action.SCALE_OUT : ScalingDecision.Action.SCALE_IN, from, to, -1, clock.instant(),
                rule, reason, d.forecastRef(), false);
        store.write(step.toPoint(scaler.provider()));
        return step;
    }
}
