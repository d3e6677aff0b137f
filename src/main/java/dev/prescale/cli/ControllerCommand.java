package dev.prescale.cli;

import dev.prescale.config.Key;

import dev.prescale.anomaly.AnomalyEvent;
import dev.prescale.anomaly.FleetWatch;
import dev.prescale.capacity.CapacityModel;
import dev.prescale.capacity.LoadSample;
import dev.prescale.capacity.RehearsalResults;
import dev.prescale.config.Config;
import dev.prescale.controller.AnomalyRule;
import dev.prescale.controller.Controller;
import dev.prescale.controller.ControllerConfig;
import dev.prescale.resilience.LoopKeys;
import dev.prescale.resilience.ResilienceRehearsal;
import dev.prescale.scaling.PeakPolicy;
import dev.prescale.scaling.Scaler;
import dev.prescale.scaling.ScalingExecutor;
import dev.prescale.scaling.ScalingPolicy;
import dev.prescale.scaling.aws.AppAutoScalingScaler;
import dev.prescale.scaling.aws.Ec2AutoScalingScaler;
import dev.prescale.store.ProfileStore;
import dev.prescale.store.Stores;
import dev.prescale.store.TimeSeriesStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "controller", mixinStandardHelpOptions = true,
        description = {"Run the closed loop: every interval, forecast the group's traffic, check it against what "
                + "happened, decide and scale through EC2 Auto Scaling or Application Auto Scaling, and record it all "
                + "in the store. Dry-run (forecast-only) unless scaling.dryrun is false.",
                "Configuration keys (file, PRESCALE_* or -Dprescale.*): controller.group, controller.history, "
                        + "controller.observedrun, controller.interval, controller.horizon, controller.refit, "
                        + "controller.rank; scaling.provider (ec2|ecs), scaling.endpoint, scaling.dryrun, scaling.min, "
                        + "scaling.max, scaling.maxbehavior (honor|increase), scaling.maxbuffer, scaling.target, "
                        + "scaling.confidence, scaling.buffer, scaling.scalein, scaling.stabilization, scaling.cooldown, "
                        + "scaling.scaleincooldown, scaling.policy (forecast|minute-peak), scaling.quantile, "
                        + "scaling.warmup, scaling.lag, scaling.violationlevel; "
                        + "anomaly.response (none|hold-scale-in|add-capacity), anomaly.extra (percent), "
                        + "anomaly.severity (medium|high), anomaly.threshold, anomaly.window, anomaly.quiet, "
                        + "anomaly.longest, anomaly.hold; capacity.slope, "
                        + "capacity.intercept, capacity.sigma or capacity.runs; store, influx.url, influx.database."})
final class ControllerCommand implements Callable<Integer> {

    /** The controller's keys besides the loop's ({@link LoopKeys#KEYS}) and the store's. */
    static final List<Key> KEYS = List.of(
            Key.of("controller.group", "web-asg", "none: required", "the Auto Scaling group or ECS resource id"),
            Key.of("controller.history", "shop", "none: required", "the traffic_history series to forecast"),
            Key.of("controller.observedrun", "live", "none", "the run whose results are the observed traffic"),
            Key.of("controller.horizon", "2h", "1h", "how far ahead each forecast looks"),
            Key.of("controller.refit", "30m", "1h", "time between model refits"),
            Key.of("controller.rank", "2d", "1d", "backtest span that ranks the models"),
            Key.of("scaling.provider", "ecs", "ec2", "ec2 (EC2 Auto Scaling) or ecs (Application Auto Scaling)"),
            Key.of("scaling.endpoint", "http://127.0.0.1:4566", "the SDK's", "the AWS endpoint (loopback shadows)"),
            Key.of("scaling.policy", "minute-peak", "forecast", "forecast or minute-peak sizing"),
            Key.of("scaling.quantile", "0.95", "0.99", "minute-peak: quantile of the busiest window"),
            Key.of("scaling.warmup", "3m", "5m", "how long a new instance takes to serve"),
            Key.of("scaling.lag", "1m", "2m", "how long a scaling call takes to act"),
            Key.of("scaling.violationlevel", "0.9", "1.0", "utilization counted as a violation"),
            Key.of("capacity.slope", "0.004", "none (or capacity.runs)", "utilization per request/s per instance"),
            Key.of("capacity.intercept", "0.05", "0", "utilization at no load"),
            Key.of("capacity.sigma", "0.02", "0", "spread of utilization around the fit"),
            Key.of("capacity.runs", "run-1,run-2", "none", "rehearsal runs to fit the capacity model from"));

    @Mixin
    ConfigOption config;

    /** The surge watch over the stored behaviour profile {@code behaviour.profile}, or null when none is set. */
    static dev.prescale.behaviour.SurgeWatch surgeWatch(TimeSeriesStore store, Map<String, String> properties) {
        dev.prescale.behaviour.BehaviourSettings b = dev.prescale.behaviour.BehaviourSettings.from(properties);
        if (b.profile() == null) {
            return null;
        }
        dev.prescale.behaviour.BehaviourStore.Stored stored = dev.prescale.behaviour.BehaviourStore.load(store,
                b.profile()).orElseThrow(() -> new IllegalArgumentException("behaviour.profile=" + b.profile()
                + " is not in the store; fit it with prescale behaviour fit LOG --name " + b.profile()
                + ", or unset behaviour.profile"));
        return new dev.prescale.behaviour.SurgeWatch(stored.profile(), stored.surge(), b.origin());
    }

    @Option(names = "--ticks", defaultValue = "0", description = "stop after this many ticks (0: run until stopped)")
    int ticks;

    @Override
    public Integer call() throws InterruptedException {
        Config cli = config.load();
        Settings s = Settings.read(cli);
        try (TimeSeriesStore store = Stores.open(cli.asProperties(), System.getenv());
             AutoCloseable scalerHandle = (AutoCloseable) s.scaler()) {
            if (store == null) {
                throw new IllegalArgumentException("the controller keeps its state in the store; store=none cannot "
                        + "work: use file or influx");
            }
            ProfileStore profiles = new ProfileStore(store, Path.of("."));
            CapacityModel capacity = s.capacity(store);
            Controller controller = new Controller(new ControllerConfig(s.group, s.history, s.observedRun,
                    s.interval, s.horizon, s.refit, s.rank, capacity, s.policy, s.anomalyRule, s.watch,
                    s.minutePeak), profiles,
                    store, s.scaler(),
                    new ScalingExecutor(s.scaler(), store, Clock.systemUTC(), s.policy.dryRun()),
                    surgeWatch(store, config.load().asProperties()));
            System.out.printf("controller for %s (%s%s), history %s, every %s; capacity %s%n", s.group,
                    s.scaler().provider(), s.policy.dryRun() ? ", DRY-RUN" : "", s.history, s.interval, capacity);
            int failed = 0;
            int inARow = 0;
            for (int n = 0; ticks == 0 || n < ticks; n++) {
                try {
                    report(controller.tick(Instant.now()));
                    inARow = 0;
                } catch (RuntimeException e) {
                    // one bad tick (odd data, the store or the cloud away for a while) must not end the loop: the
                    // next tick starts from the store again
                    failed++;
                    inARow++;
                    System.err.printf(Locale.ROOT, "tick at %s failed (%d in a row, %d in all), trying again next "
                            + "tick: %s%n", Instant.now(), inARow, failed, e);
                }
                if (ticks != 0 && n + 1 >= ticks) {
                    break;
                }
                long period = s.interval.toMillis();
                Thread.sleep(period - Math.floorMod(System.currentTimeMillis(), period));
            }
            return failed == 0 ? 0 : 1;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static void report(Controller.TickResult r) {
        for (AnomalyEvent e : r.anomalies()) {
            System.out.printf(Locale.ROOT, "ANOMALY %s %s in %s of %s since %s, score %.2f%s%n",
                    e.open() ? "ongoing:" : "ended:", e.severity().label(), String.join("+", e.metrics()),
                    e.series(), e.start(), e.score(), e.open() ? "" : ", until " + e.end());
        }
        System.out.println(r.resumed() ? "tick " + r.tick() + " was done before a restart; skipped"
                : String.format(Locale.ROOT, "tick %s: %s %d -> %d (%s) model %s%s, %.0f ms: %s", r.tick(),
                r.decision().action(), r.decision().from(), r.decision().to(), r.outcome(), r.model(),
                r.anomaly() ? ", ANOMALY" : "", r.millis(), r.decision().reason()));
    }

    /** The controller's settings, read and checked all at once. */
    static final class Settings {
        String group;
        String history;
        String observedRun;
        Duration interval;
        Duration horizon;
        Duration refit;
        Duration rank;
        ScalingPolicy policy;
        AnomalyRule anomalyRule;
        FleetWatch.Settings watch;
        String provider;
        Optional<URI> endpoint;
        double slope;
        double intercept;
        double sigma;
        List<String> runs;
        ControllerConfig.MinutePeak minutePeak;
        private Scaler scaler;

        static Settings read(Config c) {
            Settings s = new Settings();
            s.group = c.required("controller.group", "the Auto Scaling group name or ECS resource id to scale");
            s.history = c.required("controller.history", "the traffic_history series to forecast "
                    + "(import one with prescale import-trace)");
            s.observedRun = c.text("controller.observedrun", null);
            s.horizon = c.duration("controller.horizon", Duration.ofHours(1));
            s.refit = c.duration("controller.refit", Duration.ofHours(1));
            s.rank = c.duration("controller.rank", Duration.ofDays(1));
            s.provider = c.text("scaling.provider", "ec2");
            if (!s.provider.equals("ec2") && !s.provider.equals("ecs")) {
                c.problem("scaling.provider=" + s.provider + " is not ec2 or ecs");
            }
            String endpoint = c.text("scaling.endpoint", null);
            s.endpoint = Optional.empty();
            if (endpoint != null) {
                try {
                    URI uri = URI.create(endpoint);
                    if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
                        throw new IllegalArgumentException("no http(s) scheme");
                    }
                    s.endpoint = Optional.of(uri);
                } catch (IllegalArgumentException e) {
                    c.problem("scaling.endpoint=" + endpoint + " is not an http(s) URL");
                }
            }
            boolean dryRun = c.flag("scaling.dryrun", true);
            s.slope = c.number("capacity.slope", Double.NaN, 1e-12, 1e6);
            s.intercept = c.number("capacity.intercept", 0, 0, 1);
            s.sigma = c.number("capacity.sigma", 0, 0, 1);
            String runs = c.text("capacity.runs", null);
            s.runs = runs == null ? List.of() : List.of(runs.split(","));
            if (Double.isNaN(s.slope) && s.runs.isEmpty()) {
                c.problem("capacity.slope (utilization per req/s per instance) or capacity.runs (rehearsal run ids "
                        + "to fit it from) is needed");
            }
            String sizing = c.text("scaling.policy", "forecast");
            if (!sizing.equals("forecast") && !sizing.equals("minute-peak")) {
                c.problem("scaling.policy=" + sizing + " is not forecast or minute-peak");
            }
            double quantile = c.number("scaling.quantile", 0.99, 0.51, 0.9999);
            Duration warmUp = c.duration("scaling.warmup", Duration.ofMinutes(5));
            Duration lag = c.duration("scaling.lag", Duration.ofMinutes(2));
            double violationLevel = c.number("scaling.violationlevel", 1.0, 0.01, 1);
            ResilienceRehearsal.Loop loop = LoopKeys.read(c, dryRun, null);
            c.check();
            if (sizing.equals("minute-peak")) {
                s.minutePeak = new ControllerConfig.MinutePeak(new PeakPolicy(PeakPolicy.Settings.of(quantile,
                        (int) warmUp.toMinutes(), (int) lag.toMinutes())), violationLevel);
            }
            s.interval = loop.interval();
            s.policy = loop.policy();
            s.anomalyRule = loop.rule();
            s.watch = loop.watch();
            return s;
        }

        Scaler scaler() {
            if (scaler == null) {
                scaler = provider.equals("ecs") ? AppAutoScalingScaler.ecs(endpoint)
                        : Ec2AutoScalingScaler.create(endpoint);
            }
            return scaler;
        }

        CapacityModel capacity(TimeSeriesStore store) {
            if (!runs.isEmpty()) {
                List<LoadSample> samples = new ArrayList<>();
                for (String run : runs) {
                    samples.add(RehearsalResults.steadyState(store, run.strip(), 6));
                }
                return CapacityModel.fit(samples);
            }
            return new CapacityModel(intercept, slope, sigma);
        }
    }
}
