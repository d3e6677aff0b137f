package dev.prescale.controller;

import dev.prescale.capacity.CapacityModel;
import dev.prescale.capacity.CapacitySettings;
import dev.prescale.capacity.EndpointCost;
import dev.prescale.capacity.LoadSample;
import dev.prescale.capacity.PredictionRecords;
import dev.prescale.capacity.RehearsalResults;
import dev.prescale.capacity.ResourcePlan;
import dev.prescale.capacity.SignatureModel;
import dev.prescale.forecast.Calibrated;
import dev.prescale.forecast.Forecast;
import dev.prescale.forecast.ForecastException;
import dev.prescale.forecast.ProphetModel;
import dev.prescale.forecast.Series;
import dev.prescale.profile.ScheduledEvent;
import dev.prescale.report.RehearsalReport;
import dev.prescale.scaling.Bounds;
import dev.prescale.scaling.Capacity;
import dev.prescale.scaling.Scaler;
import dev.prescale.scaling.ScalingDecision;
import dev.prescale.scaling.ScalingExecutor;
import dev.prescale.simulation.GatlingLauncher;
import dev.prescale.store.Point;
import dev.prescale.store.ProfileStore;
import dev.prescale.store.TimeSeriesStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Scheduled pre-event rehearsal (the week before a sale): for each calendar event in the next {@code lookAhead},
 * forecast its traffic with the calendar-aware model, rehearse tier 1 baseline plus tier 2 forecast traffic at the
 * forecast's upper bound, time-compressed, against the shadow service, opened by three calibration steps at fractions of
 * the peak; fit the capacity model from the rehearsal's per-second results; schedule the capacity the event needs, ready {@code buffer} before it starts; and write the
 * rehearsal report.
 */
public final class PreEventRehearsal {

    /**
     * @param compression    event seconds per rehearsal second; NaN for auto (each event's rehearsal fits
     *                       {@code prescale.runLength}, 60 s unless set)
     * @param target         utilization the event's peak (upper bound) may run the fleet at
     * @param buffer         how long before the event the capacity must be in place
     * @param workFolder     where each rehearsal's profile, Gatling results and report go
     * @param runProperties  system properties for the rehearsal's Gatling JVM (the store it records to, the target)
     */
    public record Settings(String group, String historySeries, Duration lookAhead, double compression, double target,
                           Duration buffer, Bounds bounds, Path workFolder, Map<String, String> runProperties,
                           Duration timeout) {
        public Settings {
            runProperties = Map.copyOf(runProperties);
        }
    }

    /** What was planned for one event. */
    public record Plan(ScheduledEvent event, Forecast forecast, String runId, int gatlingExit, CapacityModel model,
                       ScalingDecision decision, ScalingExecutor.Outcome outcome, Path report) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(PreEventRehearsal.class);
    private static final double Z80 = 1.2816;
    private static final int CALIBRATION_STEPS = 3;

    private final Settings settings;
    private final ProfileStore profiles;
    private final TimeSeriesStore store;
    private final Scaler scaler;
    private final ScalingExecutor executor;
    private final CapacitySettings capacity;

    public PreEventRehearsal(Settings settings, ProfileStore profiles, TimeSeriesStore store, Scaler scaler,
                             ScalingExecutor executor) {
        this(settings, profiles, store, scaler, executor, CapacitySettings.from(Map.of()));
    }

    /**
     * @param capacity instance types and resource targets: the event's fleet is sized on the binding resource of what
     *                 the rehearsed requests cost, when the target reports it ({@code Server-Timing})
     */
    public PreEventRehearsal(Settings settings, ProfileStore profiles, TimeSeriesStore store, Scaler scaler,
                             ScalingExecutor executor, CapacitySettings capacity) {
        this.capacity = capacity;
        this.settings = settings;
        this.profiles = profiles;
        this.store = store;
        this.scaler = scaler;
        this.executor = executor;
    }

    public List<Plan> run(Instant now) throws IOException, InterruptedException {
        List<Plan> plans = new ArrayList<>();
        List<ScheduledEvent> calendar = profiles.events(now.minus(Duration.ofDays(400)),
                now.plus(settings.lookAhead()).plus(Duration.ofDays(1)));
        Series all = Series.fromTrace(profiles.history(settings.historySeries()));
        int known = (int) Math.min(all.size(), Math.max(0, (now.getEpochSecond() - all.start()) / all.step()));
        Series history = all.head(known);
        for (ScheduledEvent event : profiles.events(now, now.plus(settings.lookAhead()))) {
            plans.add(plan(event, calendar, history, now));
        }
        return plans;
    }

    private Plan plan(ScheduledEvent event, List<ScheduledEvent> calendar, Series history, Instant now)
            throws IOException, InterruptedException {
        long historyEnd = history.start() + history.size() * history.step();
        int steps = (int) Math.ceil((event.end().toEpochSecond() - historyEnd) / (double) history.step());
        Forecast all = new Calibrated(new ProphetModel(ProphetModel.Options.DEFAULTS.withEvents(calendar)))
                .forecast(history, steps, 0.8);
        int from = (int) Math.max(0, (event.start().toEpochSecond() - all.start()) / all.step());
        Forecast window = new Forecast(all.model(), all.start() + from * all.step(), all.step(),
                Arrays.copyOfRange(all.point(), from, steps), Arrays.copyOfRange(all.lower(), from, steps),
                Arrays.copyOfRange(all.upper(), from, steps), all.intervalWidth());
        String id = "pre-" + event.name() + "-" + event.start().toEpochSecond();
        String runId = id + "-" + now.getEpochSecond();
        Path folder = Files.createDirectories(settings.workFolder().resolve(runId));
        writeProfile(folder, id, event, window);
        Map<String, String> properties = new HashMap<>(settings.runProperties());
        properties.putAll(Map.of("prescale.profileDb", folder.toAbsolutePath().toString(), "prescale.profile", id,
                "prescale.compression", Double.isNaN(settings.compression()) ? "auto"
                        : String.valueOf(settings.compression()), "prescale.runId", runId,
                "prescale.baseline.alongside", "true"));
        GatlingLauncher.Outcome outcome = GatlingLauncher.run("dev.prescale.simulations.ProfileSimulation",
                properties, folder.resolve("gatling"), settings.timeout());
        store.flush(Duration.ofSeconds(10));
        // saturated seconds say only that the shadow was full, not how utilization grows with load
        List<LoadSample> samples = RehearsalResults.perSecond(store, runId, 6).stream()
                .filter(s -> s.utilization() < 0.95).toList();
        if (samples.size() < 5) {
            throw new IllegalStateException("rehearsal " + runId + " recorded " + samples.size() + " utilization "
                    + "samples; the capacity model needs more (did Gatling run? exit " + outcome.exitCode()
                    + ", output in " + outcome.log() + "; is the rehearsal recording to the same store?)");
        }
        CapacityModel model = CapacityModel.fit(samples);
        double peakRps = Arrays.stream(window.upper()).max().orElse(0) / window.step();
        Capacity current = scaler.describe(settings.group());
        int byCount = model.instancesNeeded(peakRps, settings.target(), Z80);
        Optional<ResourcePlan> resources = resourcePlan(runId, peakRps);
        int needed = settings.bounds().clamp(resources.filter(r -> r.instances() != ResourcePlan.IMPOSSIBLE)
                .map(r -> Math.max(byCount, r.instances())).orElse(byCount));
        Instant readyBy = event.start().toInstant().minus(settings.buffer());
        String reason = String.format(Locale.ROOT, "pre-event rehearsal %s of %s: forecast peak %.1f req/s (upper "
                        + "bound of the %s 80%% interval); fitted %.4f utilization per req/s per instance over %d "
                        + "seconds; %d instances keep it under %.0f%%; ready %s before it starts", runId, event.name(),
                peakRps, window.model(), model.slope(), samples.size(), needed, settings.target() * 100,
                settings.buffer()) + resources.map(r -> "; by what its requests cost: " + r.describe()).orElse("");
        ScalingDecision decision = new ScalingDecision(now, settings.group(), needed > current.desired()
                ? ScalingDecision.Action.SCALE_OUT : ScalingDecision.Action.HOLD, current.desired(),
                Math.max(needed, current.desired()), needed > current.max() ? needed : -1,
                readyBy.isAfter(now) ? readyBy : now, "pre-event", reason, window.model() + "@" + runId, false);
        ScalingExecutor.Outcome applied = executor.apply(decision);
        PredictionRecords.saveForecast(store, settings.historySeries(), runId, window);
        PredictionRecords.savePredictedUtilization(store, settings.group(), runId, window,
                model.predict(window, Math.max(1, decision.to()), Z80), settings.target());
        Point summary = store.read("run_summary", Map.of("run_id", runId), Instant.EPOCH,
                Instant.now().plus(Duration.ofDays(1))).stream().findFirst().orElse(null);
        Path report = RehearsalReport.write(new RehearsalReport.Content("Pre-event rehearsal: " + event.name(),
                event.name(), event.start().toInstant(), event.end().toInstant(), history, window, model,
                current.desired(), decision.to(), readyBy, settings.target(),
                summary == null ? 0 : summary.number("requests").longValue(),
                summary == null ? 0 : summary.number("errors").longValue(),
                summary == null || summary.number("p95_ms") == null ? Double.NaN : summary.number("p95_ms"),
                Double.NaN, Double.NaN, null), folder.resolve("report.html"));
        store.flush(Duration.ofSeconds(10));
        return new Plan(event, window, runId, outcome.exitCode(), model, decision, applied, report);
    }

    /**
     * The fleet the peak needs by what the rehearsed requests cost (CPU, memory, network; the binding one sets the
     * count), from the run's load signatures at the rehearsed mix; empty when the target reported no cost. A failure
     * here costs the plan, never the rehearsal: it is logged and the request-count model decides alone.
     */
    private Optional<ResourcePlan> resourcePlan(String runId, double peakRps) {
        try {
            Map<String, EndpointCost> costs = EndpointCost.from(store.read("load_signature",
                    Map.of("origin", "run:" + runId), Instant.EPOCH, Instant.now().plus(Duration.ofDays(1))));
            double requests = costs.values().stream().mapToDouble(EndpointCost::requests).sum();
            if (costs.values().stream().noneMatch(c -> c.cpuMsPerRequest() > 0) || requests <= 0) {
                return Optional.empty();
            }
            Map<String, Double> peak = new HashMap<>();
            costs.values().forEach(c -> peak.put(c.endpoint(), peakRps * c.requests() / requests));
            SignatureModel signatures;
            try {
                signatures = SignatureModel.fit(costs, RehearsalResults.signatureSamples(store, runId, 6, 5));
            } catch (ForecastException e) {
                signatures = SignatureModel.fromCosts(costs, capacity.measuredOn().vcpu());
            }
            return Optional.of(ResourcePlan.of(signatures, peak, capacity.targets(settings.target()),
                    capacity.measuredOn(), capacity.measuredOn()));
        } catch (RuntimeException e) {
            LOG.warn("rehearsal {}: no resource plan from its load signatures ({}); the request-count model "
                    + "decides", runId, e.toString());
            return Optional.empty();
        }
    }

    /**
     * The forecast's upper bound as a replayable trace, and a profile rehearsing it. The trace opens with three
     * calibration steps at a quarter, half and three quarters of the peak: an event's forecast often spans a narrow
     * range of load, and a line fitted over a narrow range says little about its slope.
     */
    private static void writeProfile(Path folder, String id, ScheduledEvent event, Forecast window)
            throws IOException {
        double peak = Arrays.stream(window.upper()).max().orElse(0);
        List<Double> counts = new ArrayList<>(List.of(0.25 * peak, 0.5 * peak, 0.75 * peak));
        Arrays.stream(window.upper()).forEach(counts::add);
        StringBuilder csv = new StringBuilder("timestamp,requests\n");
        long start = window.start() - CALIBRATION_STEPS * window.step();
        for (int h = 0; h < counts.size(); h++) {
            csv.append(Instant.ofEpochSecond(start + h * window.step()).atOffset(ZoneOffset.UTC))
                    .append(',').append(String.format(Locale.ROOT, "%.3f", counts.get(h))).append('\n');
        }
        Files.writeString(folder.resolve("forecast-upper.csv"), csv);
        Files.writeString(folder.resolve(id + ".yaml"), """
                # written by the pre-event rehearsal: three calibration steps, then tier 2 traffic at the
                # forecast's upper bound for %s
                profileId: %s
                resourceType: CPU
                priority: CRITICAL
                pattern:
                  type: replay
                  file: forecast-upper.csv
                """.formatted(event.name(), id));
    }
}
