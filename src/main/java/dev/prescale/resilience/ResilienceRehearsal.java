package dev.prescale.resilience;

import dev.prescale.anomaly.AnomalyEvent;
import dev.prescale.anomaly.FleetWatch;
import dev.prescale.capacity.CapacityModel;
import dev.prescale.controller.AnomalyRule;
import dev.prescale.controller.Controller;
import dev.prescale.controller.ControllerConfig;
import dev.prescale.profile.RateTrace;
import dev.prescale.profile.Slo;
import dev.prescale.scaling.Bounds;
import dev.prescale.scaling.ScalingDecision;
import dev.prescale.scaling.ScalingExecutor;
import dev.prescale.scaling.ScalingPolicy;
import dev.prescale.scaling.aws.Ec2AutoScalingScaler;
import dev.prescale.shadow.ShadowAws;
import dev.prescale.shadow.ShadowMetrics;
import dev.prescale.shadow.ShadowService;
import dev.prescale.store.ProfileStore;
import dev.prescale.store.TimeSeriesStore;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays a {@link ResiliencePlan} on the shadow service while the scaling loop runs as configured, through the AWS SDK
 * against the shadow's AWS endpoint, and measures each episode from the traffic's responses. The loop runs at the
 * plan's compression: every duration it knows (tick interval, cooldowns, fleet-watch window, anomaly hold) is divided
 * by it, as the issues' are, so a ten-minute cooldown is as long against a ten-minute crash as it would be in
 * production.
 *
 * <p>The caller sends the traffic (ResilienceSimulation: Gatling) and hands every response to {@link #response}. The
 * capacity model the loop needs is the shadow's, measured at the end of the first quiet lead, not the production one:
 * the loop must predict the fleet it scales.
 */
public final class ResilienceRehearsal implements AutoCloseable {

    /**
     * The loop under test, with durations as in production.
     *
     * @param interval time between the controller's ticks
     */
    public record Loop(ScalingPolicy policy, AnomalyRule rule, FleetWatch.Settings watch, Duration interval) {

        /** Production defaults: AWS-like policy within 1..20 instances, hold scale-in on anomalies, 1-minute ticks. */
        public static Loop defaults() {
            return new Loop(ScalingPolicy.defaults(Bounds.honoring(1, 20)), AnomalyRule.DEFAULT,
                    FleetWatch.Settings.DEFAULTS, Duration.ofMinutes(1));
        }

        public Loop withRule(AnomalyRule value) {
            return new Loop(policy, value, watch, interval);
        }

        /** Every duration divided by {@code factor}, none under a second (ticks: two seconds). */
        Loop compressed(double factor) {
            ScalingPolicy p = new ScalingPolicy(policy.targetUtilization(), policy.confidence(),
                    shrink(policy.scheduleBuffer(), factor), policy.scaleInUtilization(),
                    shrink(policy.stabilization(), factor), shrink(policy.scaleOutCooldown(), factor),
                    shrink(policy.scaleInCooldown(), factor), policy.bounds(), policy.surge(), policy.dryRun());
            AnomalyRule r = new AnomalyRule(rule.response(), rule.atLeast(), rule.extraPercent(),
                    shrink(rule.holdAfter(), factor));
            FleetWatch.Settings w = new FleetWatch.Settings(shrink(watch.window(), factor), watch.threshold(),
                    shrink(watch.quiet(), factor), shrink(watch.longest(), factor));
            Duration tick = shrink(interval, factor);
            return new Loop(p, r, w, tick.compareTo(Duration.ofSeconds(2)) < 0 ? Duration.ofSeconds(2) : tick);
        }

        private static Duration shrink(Duration d, double factor) {
            if (d.isZero()) {
                return d;
            }
            Duration shorter = Duration.ofMillis(Math.round(d.toMillis() / factor));
            return shorter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : shorter;
        }
    }

    /** What one tick did, when. */
    private record Tick(Duration offset, Controller.TickResult result, int instances) {
    }

    private final ShadowService service;
    private final TimeSeriesStore store;
    private final String runId;
    private final ResiliencePlan plan;
    private final Slo slo;
    private final Loop loop;
    private final double rate;
    private final String group;
    private final ShadowAws aws;
    private final Ec2AutoScalingScaler scaler;
    private final List<EpisodeMeter> meters = new ArrayList<>(); // in episode order: episode n at n - 1
    private final List<Tick> ticks = new ArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "prescale-resilience-loop");
        t.setDaemon(true);
        return t;
    });
    private volatile long startMillis = -1;
    private volatile Instant started;
    private Controller controller;
    private String loopError;

    private ResilienceRehearsal(ShadowService service, TimeSeriesStore store, String runId, ResiliencePlan plan,
                                Slo slo, Loop loop, double rate) {
        this.service = service;
        this.store = store;
        this.runId = runId;
        this.plan = plan;
        this.slo = slo;
        this.loop = loop.compressed(plan.layout().compression());
        this.rate = rate;
        this.group = "resilience-" + runId;
        Bounds bounds = loop.policy().bounds();
        this.aws = ShadowAws.start(service.fleet(), group, "service/shadow/" + runId, bounds.min(), bounds.max());
        this.scaler = Ec2AutoScalingScaler.forShadow(aws.endpoint());
        plan.episodes().forEach(e -> meters.add(new EpisodeMeter(e, slo, plan.layout().recoverWithin())));
    }

    /**
     * Readies a rehearsal: the shadow's AWS endpoint for the group {@code resilience-<runId>}, with the policy's
     * bounds as the group's size limits.
     *
     * @param rate the traffic's requests per second (the loop's history says the same)
     * @throws IllegalArgumentException when the SLO sets no limit (nothing could be judged)
     */
    public static ResilienceRehearsal prepare(ShadowService service, TimeSeriesStore store, String runId,
                                              ResiliencePlan plan, Slo slo, Loop loop, double rate) {
        if (slo.p95Latency() == null && slo.maxErrorPercent() == null) {
            throw new IllegalArgumentException("a resilience rehearsal judges episodes by an SLO, but none was given; "
                    + "set a p95 limit, an error limit, or both (prescale.slo.p95, prescale.slo.maxErrorRate)");
        }
        return new ResilienceRehearsal(service, store, runId, plan, slo, loop, rate);
    }

    public ResiliencePlan plan() {
        return plan;
    }

    /** The loop as it runs here: compressed. */
    public Loop loop() {
        return loop;
    }

    /** Call when the traffic starts: the faults begin their schedule now, and so does the loop. */
    public void start() {
        started = Instant.now();
        startMillis = started.toEpochMilli();
        service.inject(plan.schedule());
        long every = loop.interval().toMillis();
        ticker.scheduleAtFixedRate(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    /** One response of the traffic (a {@code RunRecorder} tap). */
    public void response(long epochMillis, Integer responseMillis, boolean ok) {
        long start = startMillis;
        if (start < 0 || epochMillis < start) {
            return;
        }
        Duration offset = Duration.ofMillis(epochMillis - start);
        plan.at(offset).ifPresent(e -> meters.get(e.number() - 1).response(offset, responseMillis, ok));
    }

    private void tick() {
        Duration offset = Duration.ofMillis(System.currentTimeMillis() - startMillis);
        try {
            if (controller == null) {
                if (offset.compareTo(plan.layout().lead().dividedBy(2)) < 0) {
                    record(offset, null);
                    return;
                }
                controller = controller(service.metrics());
            }
            store.flush(Duration.ofSeconds(2)); // the watch reads the utilization the recorder wrote
            record(offset, controller.tick(Instant.now()));
        } catch (RuntimeException e) {
            // the loop failing is a finding, not a reason to stop the faults or the traffic
            synchronized (ticks) {
                loopError = offset.toSeconds() + " s: " + e.getMessage();
            }
            record(offset, null);
        }
    }

    private void record(Duration offset, Controller.TickResult result) {
        synchronized (ticks) {
            ticks.add(new Tick(offset, result, service.fleet().instanceCount()));
        }
    }

    /**
     * The loop as configured, on a model of the shadow measured now: utilization per request/s per instance, from
     * the quiet lead's traffic; and a history at the traffic's rate, so the forecast expects what it gets.
     */
    private Controller controller(ShadowMetrics m) {
        double perInstance = m.requestsPerSecond() / Math.max(1, m.readyInstances());
        double slope = perInstance > 0 ? m.meanUtilization() / perInstance : 0.01;
        Instant now = Instant.now();
        double[] hourly = new double[14 * 24];
        for (int h = 0; h < hourly.length; h++) { // flat, with a little variation a backtest can measure
            hourly[h] = rate * 3600 * (1 + 0.02 * Math.sin(h * 1.7));
        }
        String series = "resilience-" + runId;
        ProfileStore profiles = new ProfileStore(store, Path.of("."));
        profiles.saveHistory(series, "resilience rehearsal " + runId, RateTrace.of(now.minus(Duration.ofDays(13)),
                3600, hourly), Instant.EPOCH, now.plus(Duration.ofDays(2)));
        ControllerConfig config = new ControllerConfig(group, series, runId, loop.interval(), Duration.ofHours(1),
                Duration.ofHours(1), Duration.ofDays(1), new CapacityModel(0, slope, 0.02), loop.policy(), loop.rule(),
                loop.watch());
        return new Controller(config, profiles, store, scaler, new ScalingExecutor(scaler, store, Clock.systemUTC(),
                loop.policy().dryRun()));
    }

    /** Stops the loop, and judges every episode. Writes the outcomes to the store. */
    public ResilienceReport finish() {
        if (started == null) {
            throw new IllegalStateException("resilience rehearsal " + runId + " was never started: no traffic ran");
        }
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Tick> done;
        synchronized (ticks) {
            done = List.copyOf(ticks);
        }
        List<ResilienceReport.Outcome> outcomes = new ArrayList<>();
        for (EpisodeMeter m : meters) {
            ResiliencePlan.Episode e = m.episode();
            List<Tick> in = done.stream().filter(t -> t.offset().compareTo(e.slotStart()) >= 0
                    && t.offset().compareTo(e.slotEnd()) < 0).toList();
            List<String> actions = new ArrayList<>();
            Map<String, String> anomalies = new LinkedHashMap<>(); // an event is rewritten as it grows: keep the last
            for (Tick t : in) {
                if (t.result() == null) {
                    continue;
                }
                ScalingDecision d = t.result().decision();
                if (d != null && d.action() != ScalingDecision.Action.HOLD) {
                    actions.add(String.format(Locale.ROOT, "%+d s after the first fault: %s %d→%d%s (%s: %s)",
                            t.offset().minus(e.faultStart()).toSeconds(), d.action(), d.from(), d.to(),
                            d.dryRun() ? " dry-run" : "", d.rule(), d.reason()));
                }
                for (AnomalyEvent a : t.result().anomalies()) {
                    Duration at = Duration.between(started, a.start());
                    if (at.compareTo(e.slotStart()) >= 0 && at.compareTo(e.slotEnd()) < 0) {
                        anomalies.put(a.detector() + " " + a.series() + " " + a.start(), String.format(Locale.ROOT,
                                "%s from %+d s, score %.2f%s", String.join("+", a.metrics()),
                                at.minus(e.faultStart()).toSeconds(), a.score(), a.open() ? ", open"
                                        : String.format(Locale.ROOT, ", %d s long",
                                        Duration.between(a.start(), a.end()).toSeconds())));
                    }
                }
            }
            int before = instancesAt(done, e.faultStart());
            int after = instancesAt(done, e.slotEnd());
            outcomes.add(m.outcome(actions, List.copyOf(anomalies.values()), before, after));
        }
        ResilienceReport report = new ResilienceReport(plan.schedule().name(), runId, started, slo, outcomes,
                plan.skipped(), loopError);
        report.points().forEach(store::write);
        store.flush(Duration.ofSeconds(10));
        return report;
    }

    private int instancesAt(List<Tick> ticks, Duration offset) {
        int n = -1;
        for (Tick t : ticks) {
            if (t.offset().compareTo(offset) <= 0) {
                n = t.instances();
            }
        }
        return n < 0 ? service.fleet().config().instances() : n;
    }

    /** Ends the faults (they would end by themselves), stops the loop and the shadow AWS endpoint. */
    @Override
    public void close() {
        ticker.shutdownNow();
        service.fleet().clearFaults();
        scaler.close();
        aws.close();
    }
}
