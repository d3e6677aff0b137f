package dev.prescale.controller;

import dev.prescale.anomaly.AnomalyEvent;
import dev.prescale.anomaly.FleetWatch;
import dev.prescale.behaviour.SurgeWatch;
import dev.prescale.capacity.CapacityModel;
import dev.prescale.capacity.PredictionRecords;
import dev.prescale.forecast.Calibrated;
import dev.prescale.forecast.Forecast;
import dev.prescale.forecast.ForecastException;
import dev.prescale.forecast.Forecaster;
import dev.prescale.forecast.ProphetModel;
import dev.prescale.forecast.Series;
import dev.prescale.profile.LoadProfile;
import dev.prescale.profile.Priority;
import dev.prescale.profile.ScheduledEvent;
import dev.prescale.scaling.Bounds;
import dev.prescale.scaling.Capacity;
import dev.prescale.scaling.PeakPolicy;
import dev.prescale.scaling.Scaler;
import dev.prescale.scaling.ScalingDecision;
import dev.prescale.scaling.ScalingExecutor;
import dev.prescale.scaling.ScalingInputs;
import dev.prescale.store.Point;
import dev.prescale.store.ProfileStore;
import dev.prescale.store.TimeSeriesStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The closed loop (seed 000's main loop, seed 002's predictive scaling controller), one {@link #tick} at a time:
 * select the profiles that matter now, forecast the traffic (refitting on schedule), check the newest traffic against
 * the last forecast (anomaly, live error, model replacement), read observed utilization, predict utilization, decide,
 * act through the scaler, and record it all.
 *
 * <p>State lives in the store, not in this object: a tick writes a {@code controller_tick} point when it starts
 * acting and again when done, and the last scale-out and scale-in times come from {@code scaling_action}. A controller
 * restarted after a crash skips ticks already done and finishes a tick it was killed in; its scalers are idempotent,
 * so finishing a tick whose call already went through makes no second call.
 */
public final class Controller {

    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

    /** What one tick did. {@code resumed} when the tick had already been done before a restart. */
    public record TickResult(String tick, ScalingDecision decision, ScalingExecutor.Outcome outcome, String model,
                             boolean anomaly, List<AnomalyEvent> anomalies, List<String> activeProfiles,
                             double millis, boolean resumed) {
    }

    /** The fleet metrics the watch looks at ({@code utilization} fields) and the smallest change that matters. */
    static final List<FleetWatch.Metric> WATCHED = List.of(new FleetWatch.Metric("cpu", 0.05),
            new FleetWatch.Metric("rps", 1.0), new FleetWatch.Metric("error_rate", 0.01));

    private static final double Z80 = 1.2816;
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

    private final ControllerConfig config;
    private final ProfileStore profiles;
    private final TimeSeriesStore store;
    private final Scaler scaler;
    private final ScalingExecutor executor;
    private final ModelTracker tracker = new ModelTracker(1.5, 0.3);
    private Instant rankedAt;
    private Instant fittedAt;
    private Forecast forecast;
    private Instant lastChecked;
    /**
     * The latest start among the open events this controller has already added capacity for. The store says when the
     * rule last acted (what a restarted controller knows), but an event that grows a metric between two ticks can
     * carry a start a moment after that time; remembering the events themselves keeps the rule at once per event.
     */
    private Instant anomalyCoveredUntil;
    private PeakPolicy.Calibration peakCalibration = PeakPolicy.Calibration.NONE;
    private Instant peakCalibratedAt;
    private ModelVersion version;
    private FleetWatch watch;
    private Instant watchedUpTo;
    private final Map<Instant, AnomalyEvent> recentEvents = new java.util.TreeMap<>(); // by start
    private final SurgeWatch surge;
    private long surgeFailures;

    public Controller(ControllerConfig config, ProfileStore profiles, TimeSeriesStore store, Scaler scaler,
                      ScalingExecutor executor) {
        this(config, profiles, store, scaler, executor, null);
    }

    /**
     * @param surge watches user groups against their behaviour profile; its most likely surge becomes the
     *              decision's surge probability (tiered allocation), its group named in the reason. Null: none.
     */
    public Controller(ControllerConfig config, ProfileStore profiles, TimeSeriesStore store, Scaler scaler,
                      ScalingExecutor executor, SurgeWatch surge) {
        this.surge = surge;
        this.config = config;
        this.profiles = profiles;
        this.store = store;
        this.scaler = scaler;
        this.executor = executor;
    }

    /** The tick that {@code now} falls in: group and interval number. */
    public String tickId(Instant now) {
        return config.group() + "-" + Math.floorDiv(now.getEpochSecond(), config.interval().toSeconds());
    }

    public TickResult tick(Instant now) {
        long started = System.nanoTime();
        String tick = tickId(now);
        Optional<Point> done = tickState(tick, "done");
        if (done.isPresent()) {
            return new TickResult(tick, null, null, done.get().text("model"), false, List.of(), List.of(), 0, true);
        }
        Series history = historyBefore(now);
        Series fitted = history.outagesMasked(); // an outage is no demand to learn from, but the live check sees it
        if (rankedAt == null || !now.isBefore(rankedAt.plus(config.rankEvery()))) {
            tracker.rank(fitted, steps(fitted, config.horizon()), 3);
            rankedAt = now;
            forecast = null;
        }
        List<ScheduledEvent> calendar = profiles.events(now.minus(Duration.ofDays(400)), now.plus(Duration.ofDays(30)));
        List<AnomalyEvent> changed = new ArrayList<>(checkLastForecast(history, now));
        if (forecast == null || !now.isBefore(fittedAt.plus(config.refitEvery()))) {
            forecast = refit(fitted, calendar, now);
            store.write(version.toPoint());
            PredictionRecords.saveForecast(store, config.historySeries(), tick, forecast, version.version());
        }
        Forecast ahead = window(forecast, now, config.horizon());
        List<Point> fleetSamples = fleetSamples(now);
        List<ScalingInputs.Observation> observed = new ArrayList<>();
        for (Point p : fleetSamples) {
            Double cpu = p.number("cpu");
            observed.add(new ScalingInputs.Observation(p.time(), cpu == null ? Double.NaN : cpu));
        }
        changed.addAll(watchFleet(fleetSamples));
        for (AnomalyEvent e : changed) {
            store.write(e.toPoint());
            recentEvents.put(e.start(), e);
        }
        recentEvents.values().removeIf(e -> !e.open()
                && e.end().plus(config.anomalyRule().holdAfter()).isBefore(now));
        List<AnomalyEvent> events = List.copyOf(recentEvents.values());
        boolean anomaly = !events.isEmpty();
        List<LoadProfile> active = ProfileSelector.active(profiles.all(), now, config.interval(), calendar,
                Map.of("cpu_utilization", observed));
        Priority priority = active.stream().map(LoadProfile::priority).min(Comparator.naturalOrder())
                .orElse(Priority.BUSINESS);
        Capacity capacity = scaler.describe(config.group());
        Instant[] last = lastChanges(now);
        Optional<SurgeWatch.Reading> likeliest = surge(calendar, now);
        ScalingDecision decision = config.policy().decide(new ScalingInputs(config.group(), capacity, ahead,
                config.capacity(), likeliest.map(SurgeWatch.Reading::probability).orElse(Double.NaN), priority,
                observed, last[0], last[1], forecast.model() + "@" + tick,
                likeliest.map(SurgeWatch.Reading::cause).orElse("")), now);
        if (config.minutePeak() != null) {
            decision = minutePeak(history, now, capacity, forecast.model() + "@" + tick);
        }
        Instant lastAnomalyOut = lastAnomalyScaleOut(now);
        if (anomalyCoveredUntil != null && (lastAnomalyOut == null || anomalyCoveredUntil.isAfter(lastAnomalyOut))) {
            lastAnomalyOut = anomalyCoveredUntil;
        }
        decision = config.anomalyRule().apply(decision, events, capacity, config.policy().bounds(), lastAnomalyOut,
                now);
        if (AnomalyRule.RULE.equals(decision.rule()) && decision.action() == ScalingDecision.Action.SCALE_OUT) {
            for (AnomalyEvent e : events) {
                if (e.open() && (anomalyCoveredUntil == null || e.start().isAfter(anomalyCoveredUntil))) {
                    anomalyCoveredUntil = e.start();
                }
            }
        }
        CapacityModel.Prediction prediction = config.capacity().predict(ahead, Math.max(1, capacity.desired()), Z80);
        PredictionRecords.savePredictedUtilization(store, config.group(), tick, ahead, prediction,
                config.policy().targetUtilization());
        List<String> names = active.stream().map(LoadProfile::profileId).toList();
        store.write(tickPoint(now, tick, "acting", decision, names, anomaly, 0));
        ScalingExecutor.Outcome outcome = executor.apply(decision);
        double millis = (System.nanoTime() - started) / 1e6;
        store.write(tickPoint(now, tick, "done", decision, names, anomaly, millis));
        store.flush(Duration.ofSeconds(10));
        return new TickResult(tick, decision, outcome, forecast.model(), anomaly, changed, names, millis, false);
    }

    /**
     * The minute-peak policy's decision, exactly as the replay makes it ({@code PeakReplay}): the history's minutes up
     * to the metric lag before {@code now} are visible, the calibration is redone every {@code refitEvery}, the
     * capacity the cloud reports is held when there is nothing to size on.
     */
    private ScalingDecision minutePeak(Series history, Instant now, Capacity capacity, String ref) {
        ControllerConfig.MinutePeak peak = config.minutePeak();
        double[] perMinute;
        try {
            perMinute = PeakPolicy.perMinute(history.values(), history.step(), config.historySeries());
        } catch (IllegalArgumentException unusableStep) {
            // a history the policy cannot read per minute: nothing to size on, so the fleet stays as it is
            return new ScalingDecision(now, config.group(), ScalingDecision.Action.HOLD, capacity.desired(),
                    capacity.desired(), -1, now, PeakPolicy.RULE, "holding " + capacity.desired() + ": "
                    + unusableStep.getMessage(), ref, config.policy().dryRun());
        }
        int nowMinute = (int) Math.floorDiv(now.getEpochSecond() - history.start(), 60L);
        int visible = Math.min(perMinute.length, nowMinute - peak.policy().settings().lagMinutes()) - 1;
        double perInstance = peak.perInstance(config.capacity());
        if (peakCalibratedAt == null || !now.isBefore(peakCalibratedAt.plus(config.refitEvery()))) {
            peakCalibration = peak.policy().calibrate(perMinute, visible, perInstance);
            peakCalibratedAt = now;
        }
        Bounds bounds = config.policy().bounds();
        PeakPolicy.Decision d = peak.policy().decide(perMinute, visible, peakCalibration, perInstance,
                capacity.desired(), bounds);
        ScalingDecision.Action action = d.desired() > capacity.desired() ? ScalingDecision.Action.SCALE_OUT
                : d.desired() < capacity.desired() ? ScalingDecision.Action.SCALE_IN : ScalingDecision.Action.HOLD;
        return new ScalingDecision(now, config.group(), action, capacity.desired(), d.desired(),
                d.desired() > capacity.max() ? d.desired() : -1, now, PeakPolicy.RULE, d.reason(), ref,
                config.policy().dryRun());
    }

    /**
     * Compares the traffic since the last check with the forecast: records the live error (and replaces a model that
     * degraded) and reports an anomaly when the newest step lies more than 4 interval half-widths off.
     */
    private List<AnomalyEvent> checkLastForecast(Series history, Instant now) {
        if (forecast == null) {
            lastChecked = now;
            return List.of();
        }
        Instant from = lastChecked == null ? fittedAt : lastChecked;
        lastChecked = now;
        double scale = naiveScale(history);
        double errorSum = 0;
        int inside = 0;
        int n = 0;
        double newestZ = 0;
        for (int h = 0; h < forecast.horizon(); h++) {
            long t = forecast.start() + h * forecast.step();
            int i = (int) ((t - history.start()) / history.step());
            if (t < from.getEpochSecond() || t >= now.getEpochSecond() || i < 0 || i >= history.size()
                    || Double.isNaN(history.at(i))) {
                continue;
            }
            double actual = history.at(i);
            errorSum += Math.abs(actual - forecast.point()[h]);
            inside += actual >= forecast.lower()[h] && actual <= forecast.upper()[h] ? 1 : 0;
            n++;
            double half = Math.max(1e-9, (forecast.upper()[h] - forecast.point()[h]) / Z80);
            newestZ = (actual - forecast.point()[h]) / half;
        }
        if (n == 0) {
            return List.of();
        }
        double scaled = scale > 0 ? errorSum / n / scale : Double.NaN;
        String model = tracker.current().name();
        Optional<String> replaced = tracker.observe(scaled);
        store.write(Point.of("forecast_accuracy", now).tag("series", config.historySeries()).tag("model", model)
                .field("mase_live", finite(scaled)).field("mase_smoothed", finite(tracker.liveError()))
                .field("coverage", inside / (double) n).field("steps", (long) n)
                .field("replaced_by", replaced.isPresent() ? tracker.current().name() : null).build());
        if (replaced.isPresent()) {
            forecast = null; // refit with the next-best model now
        }
        if (Math.abs(newestZ) <= 4) {
            return List.of();
        }
        return List.of(new AnomalyEvent("forecast-residual", config.historySeries(), now, now,
                Math.min(1, Math.abs(newestZ) / 8), Math.abs(newestZ) > 8 ? AnomalyEvent.Severity.HIGH
                : AnomalyEvent.Severity.MEDIUM, List.of("requests")));
    }

    /**
     * Feeds the fleet samples not seen yet to the watch. A new controller (a restart) starts its watch on the last
     * hour; the events it finds again have the same start and so overwrite their stored selves.
     */
    private List<AnomalyEvent> watchFleet(List<Point> samples) {
        if (config.utilizationRunId() == null) {
            return List.of();
        }
        if (watch == null) {
            watch = new FleetWatch(config.utilizationRunId(), WATCHED, config.watch());
        }
        List<AnomalyEvent> changed = new ArrayList<>();
        for (Point p : samples) {
            if (watchedUpTo != null && !p.time().isAfter(watchedUpTo)) {
                continue;
            }
            double[] values = new double[WATCHED.size()];
            for (int i = 0; i < values.length; i++) {
                Double v = p.number(WATCHED.get(i).name());
                values[i] = v == null ? Double.NaN : v;
            }
            changed.addAll(watch.observe(p.time(), values, null));
            watchedUpTo = p.time();
        }
        return changed;
    }

    /**
     * The likeliest surge among the watched groups, with the calendar's largest lift in the coming hour; each group's
     * probability is recorded. A failing watch is counted and logged, and the tick goes on without it.
     */
    private Optional<SurgeWatch.Reading> surge(List<ScheduledEvent> calendar, Instant now) {
        if (surge == null) {
            return Optional.empty();
        }
        try {
            double lift = calendar.stream().filter(e -> e.start().toInstant().isBefore(now.plus(Duration.ofHours(1)))
                    && e.start().toInstant().plus(e.duration()).isAfter(now))
                    .mapToDouble(ScheduledEvent::expectedLift).max().orElse(1);
            List<SurgeWatch.Reading> readings = surge.readAll(store, now, Math.max(1, lift));
            store.write(SurgeWatch.points(surge.profile().name(), readings, now));
            return readings.stream().max(java.util.Comparator.comparingDouble(SurgeWatch.Reading::probability));
        } catch (RuntimeException e) {
            surgeFailures++;
            LOG.warn("surge watch failed at {} ({} so far): {}; deciding without a surge probability", now,
                    surgeFailures, e.toString());
            return Optional.empty();
        }
    }

    /**
     * Fits the current model; one that cannot fit the newest history hands over to the next-best. When a calendar
     * event falls in the forecast window, the calendar-aware Prophet model forecasts instead, whatever ranked best on
     * ordinary days: only it knows last year's sale and the launch the business announced.
     */
    private Forecast refit(Series history, List<ScheduledEvent> calendar, Instant now) {
        Instant windowEnd = now.plus(config.refitEvery()).plus(config.horizon());
        boolean eventAhead = calendar.stream().anyMatch(e -> e.end().toInstant().isAfter(now)
                && e.start().toInstant().isBefore(windowEnd));
        if (eventAhead) {
            Forecast f = new Calibrated(new ProphetModel(ProphetModel.Options.DEFAULTS.withEvents(calendar)))
                    .forecast(history, steps(history, config.refitEvery().plus(config.horizon())),
                            config.policy().confidence());
            fittedAt = now;
            version = ModelVersion.of(config.historySeries(), f.model(), history, now, Double.NaN, "event-ahead");
            return f;
        }
        List<String> failures = new ArrayList<>();
        while (true) {
            try {
                Forecast f = withCalendar(tracker.current(), calendar).forecast(history,
                        steps(history, config.refitEvery().plus(config.horizon())), config.policy().confidence());
                fittedAt = now;
                version = ModelVersion.of(config.historySeries(), f.model(), history, now, tracker.backtestMase(),
                        failures.isEmpty() ? "scheduled" : "fallback");
                return f;
            } catch (ForecastException e) {
                failures.add(tracker.current().name() + ": " + e.getMessage());
                if (!tracker.next()) {
                    throw new ForecastException("no ranked model could forecast history series "
                            + config.historySeries() + " at " + now + ": " + failures,
                            "check the series in the store (gaps, all zeros); the controller retries next tick");
                }
            }
        }
    }

    /** Calendar events reach the Prophet models as regressors; the other models do not take them. */
    private static Forecaster withCalendar(Forecaster model, List<ScheduledEvent> calendar) {
        if (calendar.isEmpty()) {
            return model;
        }
        ProphetModel withEvents = new ProphetModel(ProphetModel.Options.DEFAULTS.withEvents(calendar));
        return switch (model.name()) {
            case "prophet" -> withEvents;
            case "prophet+conformal" -> new Calibrated(withEvents);
            default -> model;
        };
    }

    private Series historyBefore(Instant now) {
        Series all = Series.fromTrace(profiles.history(config.historySeries()));
        int n = (int) Math.min(all.size(), Math.max(0, (now.getEpochSecond() - all.start()) / all.step()));
        return all.head(n);
    }

    private static int steps(Series history, Duration span) {
        return (int) Math.max(1, span.toSeconds() / history.step());
    }

    /** The forecast's steps from {@code now} for {@code span}. */
    private static Forecast window(Forecast f, Instant now, Duration span) {
        int from = (int) Math.max(0, (now.getEpochSecond() - f.start()) / f.step());
        int to = (int) Math.min(f.horizon(), from + Math.max(1, span.toSeconds() / f.step()));
        from = Math.min(from, to - 1);
        return new Forecast(f.model(), f.start() + from * f.step(), f.step(), Arrays.copyOfRange(f.point(), from, to),
                Arrays.copyOfRange(f.lower(), from, to), Arrays.copyOfRange(f.upper(), from, to), f.intervalWidth());
    }

    /** The observed fleet's samples of the last hour, oldest first. */
    private List<Point> fleetSamples(Instant now) {
        if (config.utilizationRunId() == null) {
            return List.of();
        }
        return store.read("utilization", Map.of("run_id", config.utilizationRunId(), "instance", "fleet"),
                now.minus(Duration.ofHours(1)), now.plusSeconds(1));
    }

    /** When the anomaly rule last added capacity to the group (live or dry-run), or null. */
    private Instant lastAnomalyScaleOut(Instant now) {
        Instant last = null;
        for (Point p : store.read("scaling_action", Map.of("group", config.group(), "rule", AnomalyRule.RULE),
                now.minus(Duration.ofDays(1)), now.plusSeconds(1))) {
            last = "scale-out".equals(p.text("action")) ? p.time() : last;
        }
        return last;
    }

    /** When capacity last went out and in (live decisions in the store), or null. */
    private Instant[] lastChanges(Instant now) {
        Instant out = null;
        Instant in = null;
        for (Point p : store.read("scaling_action", Map.of("group", config.group(), "mode", "live"),
                now.minus(Duration.ofDays(1)), now.plusSeconds(1))) {
            String action = p.text("action");
            if ("scale-out".equals(action)) {
                out = p.time();
            } else if ("scale-in".equals(action)) {
                in = p.time();
            }
        }
        return new Instant[]{out, in};
    }

    private Optional<Point> tickState(String tick, String state) {
        return store.read("controller_tick", Map.of("group", config.group(), "tick", tick, "state", state), EARLIEST,
                Instant.now().plus(Duration.ofDays(3650))).stream().findFirst();
    }

    private Point tickPoint(Instant now, String tick, String state, ScalingDecision d, List<String> active,
                            boolean anomaly, double millis) {
        return Point.of("controller_tick", now).tag("group", config.group()).tag("tick", tick).tag("state", state)
                .field("action", d.action().name().toLowerCase().replace('_', '-')).field("to_capacity", (long) d.to())
                .field("rule", d.rule()).field("model", forecast.model()).field("anomaly", anomaly)
                .field("active_profiles", String.join(",", active)).field("duration_ms", millis).build();
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static double naiveScale(Series history) {
        double sum = 0;
        int n = 0;
        for (int i = 1; i < history.size(); i++) {
            if (!Double.isNaN(history.at(i)) && !Double.isNaN(history.at(i - 1))) {
                sum += Math.abs(history.at(i) - history.at(i - 1));
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }
}
