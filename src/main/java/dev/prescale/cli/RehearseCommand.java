package dev.prescale.cli;

import dev.prescale.config.Config;
import dev.prescale.controller.PreEventRehearsal;
import dev.prescale.scaling.ScalingExecutor;
import dev.prescale.simulation.GatlingLauncher;
import dev.prescale.simulation.Shard;
import dev.prescale.recording.MergedRun;
import dev.prescale.store.ProfileStore;
import dev.prescale.store.Stores;
import dev.prescale.store.TimeSeriesStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "rehearse", mixinStandardHelpOptions = true,
        description = {"Rehearse a load profile with Gatling (ProfileSimulation in its own JVM) against the embedded "
                + "shadow service or --target, recording to the configured store; or, with --events, run the "
                + "pre-event rehearsal for every calendar event in the next DAYS days: forecast it, rehearse it, fit "
                + "the capacity model, schedule the capacity (scaling.* keys as for the controller) and write an HTML "
                + "report per event.",
                "Examples: prescale rehearse --profile black-friday --compression 60",
                "          prescale rehearse --events 7 -c prescale.yaml"})
final class RehearseCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--profile", description = "profile id (profile-db/profiles, or prescale.profileDb)")
    String profile;

    @Option(names = "--events", paramLabel = "DAYS", description = "pre-event rehearsals for the next DAYS days")
    Integer eventDays;

    @Option(names = "--compression", description = "profile seconds per rehearsal second")
    String compression;

    @Option(names = "--intensity", description = "multiplier on the profile's rate")
    String intensity;

    @Option(names = "--target", description = "base URL of the system under test (loopback only unless "
            + "prescale.allowRemoteTarget=true)")
    String target;

    @Option(names = "--run-id", description = "the run id its results are stored under")
    String runId;

    @Override
    public Integer call() throws Exception {
        Config cli = config.load();
        eventCompression(); // a bad --compression ends here, before anything starts
        Map<String, String> properties = new HashMap<>(cli.childProperties());
        put(properties, "prescale.compression", compression);
        put(properties, "prescale.intensity", intensity);
        put(properties, "prescale.target", target);
        if (eventDays != null) {
            return events(cli, properties);
        }
        if (profile == null) {
            throw new IllegalArgumentException("give --profile ID to rehearse one profile, or --events DAYS");
        }
        put(properties, "prescale.profile", profile);
        put(properties, "prescale.runId", runId);
        Shard shard = Shard.from(cli.asProperties(), System.getenv());
        GatlingLauncher.Outcome outcome = GatlingLauncher.run("dev.prescale.simulations.ProfileSimulation",
                properties, cli.childEnvironment(), Path.of("target", "gatling"), Duration.ofHours(2));
        System.out.print(outcome.output());
        if (shard.sharded() && shard.index() == 0) {
            int merged = merge(cli, shard, runId != null ? runId : cli.text("runid", null));
            return outcome.exitCode() != 0 ? outcome.exitCode() : merged;
        }
        return outcome.exitCode();
    }

    /**
     * Shard 0 judges the whole run: it waits for every shard's summary (as long as the barrier), adds their histograms,
     * stores the merged summary and prints the verdict; 1 when a shard is missing or the objective was missed.
     */
    static int merge(Config cli, Shard shard, String runId) throws Exception {
        try (TimeSeriesStore store = Stores.open(cli.asProperties(), System.getenv())) {
            if (store == null) {
                System.out.println("Prescale: store=none: the shards' results cannot be merged");
                return 1;
            }
            MergedRun run = MergedRun.await(store, runId, shard.count(), shard.barrier(), Clock.systemUTC());
            store.write(run.toPoint(Instant.now()));
            store.flush(Duration.ofSeconds(30));
            System.out.println("Prescale: " + run.verdict());
            return run.passed() ? 0 : 1;
        }
    }

    private int events(Config cli, Map<String, String> properties) throws Exception {
        ControllerCommand.Settings s = ControllerCommand.Settings.read(cli);
        double eventCompression = eventCompression();
        try (TimeSeriesStore store = Stores.open(cli.asProperties(), System.getenv());
             AutoCloseable scaler = (AutoCloseable) s.scaler()) {
            if (store == null) {
                throw new IllegalArgumentException("the pre-event rehearsal reads history and results from the "
                        + "store; store=none cannot work");
            }
            ProfileStore profiles = new ProfileStore(store, Path.of("."));
            PreEventRehearsal rehearsal = new PreEventRehearsal(new PreEventRehearsal.Settings(s.group, s.history,
                    Duration.ofDays(eventDays), eventCompression, s.policy.targetUtilization(),
                    s.policy.scheduleBuffer(), s.policy.bounds(), Path.of("target", "rehearsals"), properties,
                    Duration.ofHours(2)), profiles, store, s.scaler(),
                    new ScalingExecutor(s.scaler(), store, Clock.systemUTC(), s.policy.dryRun()),
                    dev.prescale.capacity.CapacitySettings.from(cli.asProperties()));
            List<PreEventRehearsal.Plan> plans = rehearsal.run(Instant.now());
            for (PreEventRehearsal.Plan p : plans) {
                System.out.printf("%s at %s: %s %d -> %d (%s), ready by %s; report %s%n", p.event().name(),
                        p.event().start(), p.decision().action(), p.decision().from(), p.decision().to(), p.outcome(),
                        p.decision().effectiveAt(), p.report().toAbsolutePath());
            }
            System.out.println(plans.size() + " event(s) in the next " + eventDays + " days rehearsed");
            return plans.stream().allMatch(p -> p.gatlingExit() == 0) ? 0 : 1;
        }
    }

    /** 60 by default, NaN for auto; a usage error (exit 2) for anything but auto or a positive number. */
    private double eventCompression() {
        if (compression == null) {
            return 60;
        }
        if (compression.strip().equalsIgnoreCase("auto")) {
            return Double.NaN;
        }
        try {
            double c = Double.parseDouble(compression.strip());
            if (c > 0 && Double.isFinite(c)) {
                return c;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--compression " + compression
                + " is neither auto nor a positive number of event seconds per rehearsal second (e.g. 60)");
    }

    private static void put(Map<String, String> properties, String key, String value) {
        if (value != null) {
            properties.put(key, value);
        }
    }
}
