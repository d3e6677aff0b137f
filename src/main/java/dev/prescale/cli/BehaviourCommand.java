package dev.prescale.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prescale.behaviour.BehaviourBacktest;
import dev.prescale.behaviour.BehaviourProfile;
import dev.prescale.behaviour.BehaviourSettings;
import dev.prescale.behaviour.BehaviourStore;
import dev.prescale.behaviour.GroupProfile;
import dev.prescale.behaviour.SurgeCalibration;
import dev.prescale.behaviour.SurgeModel;
import dev.prescale.signature.AccessLog;
import dev.prescale.store.TimeSeriesStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "behaviour", mixinStandardHelpOptions = true,
        description = "User-behaviour profiles from access logs: sessions, groups, when they come, how long they stay, "
                + "where they go; surge probabilities from their deviations.",
        subcommands = {BehaviourCommand.Fit.class, BehaviourCommand.Backtest.class, BehaviourCommand.Show.class})
final class BehaviourCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static AccessLog.Result read(Path log) throws java.io.IOException {
        AccessLog.Result result = AccessLog.read(log);
        if (result.malformed() > 0) {
            System.err.printf("%s: %d line(s) in neither the combined log format nor JSON lines were skipped, e.g.:"
                    + "%n  %s%n", log, result.malformed(), String.join("\n  ", result.firstProblems()));
        }
        return result;
    }

    @Command(name = "fit", mixinStandardHelpOptions = true,
            description = "Learn the behaviour of LOG's users by group and store it under --name (blended with what "
                    + "is stored: behaviour.blend of the weight on LOG), with each group's surge model calibrated on "
                    + "LOG's hours (the prior where a group has too few surges).")
    static final class Fit implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(index = "0", paramLabel = "LOG")
        Path log;

        @Option(names = "--name", required = true, description = "the profile's name in the store")
        String name;

        @Override
        public Integer call() throws Exception {
            Map<String, String> properties = config.load().asProperties();
            BehaviourSettings s = BehaviourSettings.from(properties);
            AccessLog.Result read = read(log);
            BehaviourProfile fitted = BehaviourProfile.fit(name, read.entries(), s.gap(), s.grouping(),
                    s.clusters());
            Map<String, SurgeModel> surge = SurgeCalibration.calibrate(fitted, read.entries(), s.grouping());
            try (TimeSeriesStore store = ConfigOption.requiredStore(properties, "has nowhere to keep the profile")) {
                var stored = BehaviourStore.load(store, name);
                BehaviourProfile profile = stored.map(old -> old.profile().blend(fitted, s.blend())).orElse(fitted);
                BehaviourStore.save(store, profile, surge);
                if (!store.flush(Duration.ofMinutes(1))) {
                    throw new IllegalStateException("the profile is still buffered after a minute: " + store.stats());
                }
                System.out.printf("%s behaviour profile %s from %d requests of %s%s%n", stored.isPresent() ? "updated"
                        : "stored", name, read.entries().size(), log, stored.isPresent()
                        ? String.format(Locale.ROOT, " (weight %.2f on it)", s.blend()) : "");
                Show.print(profile, surge);
            }
            return 0;
        }
    }

    @Command(name = "backtest", mixinStandardHelpOptions = true,
            description = "Fit on the --train log, predict each group's requests in each hour of the --test log's "
                    + "span, and print per group and overall the weighted absolute percentage error.")
    static final class Backtest implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Option(names = "--train", required = true, paramLabel = "LOG")
        Path train;

        @Option(names = "--test", required = true, paramLabel = "LOG")
        Path test;

        @Option(names = "--json", description = "print {\"groups\":[{\"group\":...,\"wape\":...}],\"wape\":...}")
        boolean json;

        @Override
        public Integer call() throws Exception {
            BehaviourSettings s = BehaviourSettings.from(config.load().asProperties());
            BehaviourBacktest.Result r = BehaviourBacktest.run(read(train).entries(), read(test).entries(), s.gap(),
                    s.grouping(), s.clusters());
            if (json) {
                ObjectMapper mapper = new ObjectMapper();
                ObjectNode root = mapper.createObjectNode();
                ArrayNode groups = root.putArray("groups");
                r.groups().forEach(g -> groups.addObject().put("group", g.group()).put("wape", g.wape()));
                root.put("wape", r.wape());
                System.out.println(mapper.writeValueAsString(root));
                return 0;
            }
            System.out.printf("fitted on %s, predicted the %d hours of %s from %s to %s:%n%n%-20s %10s %10s %8s%n",
                    train, Duration.between(r.from(), r.to()).toHours(), test, r.from(), r.to(), "group", "requests",
                    "predicted", "WAPE");
            r.groups().forEach(g -> System.out.printf(Locale.ROOT, "%-20s %10.0f %10.1f %7.1f%%%n", g.group(),
                    g.actual(), g.predicted(), 100 * g.wape()));
            System.out.printf(Locale.ROOT, "%-20s %10.0f %10.1f %7.1f%%%n", "all groups",
                    r.groups().stream().mapToDouble(BehaviourBacktest.GroupScore::actual).sum(),
                    r.groups().stream().mapToDouble(BehaviourBacktest.GroupScore::predicted).sum(), 100 * r.wape());
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a stored behaviour profile.")
    static final class Show implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            Map<String, String> properties = config.load().asProperties();
            try (TimeSeriesStore store = ConfigOption.requiredStore(properties, "holds no profiles")) {
                BehaviourStore.Stored stored = BehaviourStore.load(store, name).orElseThrow(() ->
                        new IllegalArgumentException("no behaviour profile named " + name + " in the store; fit one "
                                + "with prescale behaviour fit LOG --name " + name));
                print(stored.profile(), stored.surge());
            }
            return 0;
        }

        static void print(BehaviourProfile profile, Map<String, SurgeModel> surge) {
            Map<String, Double> shares = profile.shares();
            System.out.printf("%s, %s to %s%n%-18s %7s %9s %9s %9s  %s%n", profile.name(), profile.from(),
                    profile.to(), "group", "share", "req/hour", "session", "think s", "surge model");
            new java.util.TreeMap<>(profile.groups()).forEach((group, g) -> {
                GroupProfile.Shape shape = g.shape();
                double think = java.util.Arrays.stream(shape.thinkSeconds()).sorted().skip(shape.thinkSeconds().length
                        / 2).findFirst().orElse(0);
                System.out.printf(Locale.ROOT, "%-18s %6.1f%% %9.1f %9.2f %9.1f  %s%n", group,
                        100 * shares.getOrDefault(group, 0.0), g.rates().meanRequestsPerHour(), shape.meanLength(),
                        think, surge.getOrDefault(profile.clusters().parentOf(group), SurgeModel.PRIOR)
                                .calibratedOn());
                String cluster = profile.clusters().describe(group);
                if (!cluster.isEmpty()) {
                    System.out.printf("%-18s typical session: %s%n", "", cluster);
                }
            });
        }
    }
}
