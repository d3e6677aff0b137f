package dev.prescale.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prescale.chaos.ChaosRun;
import dev.prescale.config.Config;
import dev.prescale.config.Key;
import dev.prescale.resilience.LoopKeys;
import dev.prescale.resilience.ResilienceKeys;
import dev.prescale.simulation.RehearsalSettings;
import dev.prescale.simulation.Shard;
import dev.prescale.store.Stores;
import dev.prescale.store.influx.InfluxConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "config", mixinStandardHelpOptions = true,
        description = "The configuration keys: what each does and its default (keys), or what this process reads and "
                + "from where (show). One naming rule for every channel: scaling.target in the file is "
                + "PRESCALE_SCALING_TARGET in the environment and -Dprescale.scaling.target on the command line; keys "
                + "match in any case.",
        subcommands = {ConfigCommand.Keys.class, ConfigCommand.Show.class})
final class ConfigCommand implements Runnable {

    /** Every key a feature reads, in the order the reference lists them; the first owner of a shared key wins. */
    static Collection<Key> all() {
        Map<String, Key> keys = new LinkedHashMap<>();
        List<List<Key>> owners = List.of(RehearsalSettings.KEYS, Shard.KEYS, Stores.KEYS, InfluxConfig.KEYS, ChaosRun.KEYS,
                ControllerCommand.KEYS, LoopKeys.KEYS, ResilienceKeys.KEYS, ApiCommand.KEYS,
                dev.prescale.capacity.CapacitySettings.KEYS, dev.prescale.behaviour.BehaviourSettings.KEYS,
                dev.prescale.simulation.BehaviourRun.KEYS, dev.prescale.simulation.Variants.KEYS,
                dev.prescale.learn.LearnSettings.KEYS);
        owners.forEach(list -> list.forEach(k -> keys.putIfAbsent(k.name(), k)));
        return keys.values();
    }

    @Override
    public void run() {
        new Keys().call();
    }

    @Command(name = "keys", mixinStandardHelpOptions = true,
            description = "Every key with an example value, its default and what it does.")
    static final class Keys implements Callable<Integer> {

        @Option(names = "--markdown", description = "as the Markdown table README's configuration reference holds")
        boolean markdown;

        @Override
        public Integer call() {
            if (markdown) {
                System.out.print(markdown());
                return 0;
            }
            for (Key k : all()) {
                System.out.printf("%-26s default %s; e.g. %s: %s%n", k.name(), k.fallback(), k.example(), k.meaning());
            }
            return 0;
        }

        static String markdown() {
            StringBuilder table = new StringBuilder("| key | environment | default | example | what it does |\n"
                    + "|---|---|---|---|---|\n");
            for (Key k : all()) {
                table.append("| `").append(k.name()).append("` | `").append(k.environmentName()).append("` | ")
                        .append(k.fallback()).append(" | `").append(k.example()).append("` | ").append(k.meaning())
                        .append(" |\n");
            }
            return table.toString();
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"What this process reads: every key that is set, its value (secrets as ******) and where "
                    + "it came from (file, env, property); then keys no feature reads, with the one probably meant.",
                    "Exit 2 when a key is unknown."})
    static final class Show implements Callable<Integer> {

        @Mixin
        ConfigOption config;

        @Option(names = "--json", description = "one JSON object: values, sources and unknown keys")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Config c = config.loadLenient();
            Collection<Key> known = all();
            List<String> unknown = c.unknown(known).stream().map(Config.Unknown::message).toList();
            Map<String, String> values = new LinkedHashMap<>();
            Map<String, String> sources = new LinkedHashMap<>();
            for (String key : c.keys()) {
                String value = c.text(key, "");
                values.put(key, Config.secret(key) ? "******" : value);
                sources.put(key, c.source(key).map(s -> s.name().toLowerCase(java.util.Locale.ROOT)).orElse(""));
            }
            if (json) {
                ObjectMapper mapper = new ObjectMapper();
                ObjectNode root = mapper.createObjectNode();
                ObjectNode v = root.putObject("values");
                values.forEach(v::put);
                ObjectNode s = root.putObject("sources");
                sources.forEach(s::put);
                unknown.forEach(root.putArray("unknown")::add);
                System.out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            } else {
                values.forEach((k, value) -> System.out.printf("%-26s = %s   (%s)%n", k, value, sources.get(k)));
                unknown.forEach(line -> System.err.println("unknown: " + line));
            }
            return unknown.isEmpty() ? 0 : 2;
        }
    }
}
