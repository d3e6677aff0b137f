package dev.prescale.cli;

import dev.prescale.config.Config;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code --config} option every command shares. */
final class ConfigOption {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "YAML configuration (default: the file named by PRESCALE_CONFIG or -Dprescale.config, if any);"
                    + " PRESCALE_* environment variables and -Dprescale.* override it")
    Path file;

    /**
     * The configuration, refusing keys from the file that no feature reads (a typo would silently keep the default);
     * unknown {@code PRESCALE_*} variables and {@code -Dprescale.*} properties are only warned about, since other tools
     * may set their own.
     *
     * @throws IllegalArgumentException listing every unknown key of the file, with the key probably meant
     */
    Config load() {
        Config c = loadLenient();
        List<String> fromFile = new ArrayList<>();
        List<String> elsewhere = new ArrayList<>();
        for (Config.Unknown u : c.unknown(ConfigCommand.all())) {
            (u.source() == Config.Source.FILE ? fromFile : elsewhere).add(u.message());
        }
        elsewhere.forEach(p -> System.err.println("prescale: warning: " + p));
        if (!fromFile.isEmpty()) {
            throw new IllegalArgumentException("the configuration file" + (file == null ? "" : " " + file) + " has " + fromFile.size()
                    + " unknown key" + (fromFile.size() == 1 ? "" : "s") + ":\n  - " + String.join("\n  - ", fromFile)
                    + "\n`prescale config keys` lists every key");
        }
        return c;
    }

    /**
     * The configuration, unknown keys left for the caller to report: {@code --config}, else the file named by
     * {@code -Dprescale.config} or {@code PRESCALE_CONFIG} (as a simulation finds it), then the environment and
     * {@code -D} over it.
     */
    Config loadLenient() {
        return file == null ? Config.current() : Config.load(file, System.getenv(), systemProperties());
    }

    /**
     * The store {@code properties} name, for a command that cannot work without one.
     *
     * @param without what store=none would leave the command unable to do ("has nowhere to import to")
     * @throws IllegalArgumentException saying so, with the fix
     */
    static dev.prescale.store.TimeSeriesStore requiredStore(java.util.Map<String, String> properties, String without) {
        dev.prescale.store.TimeSeriesStore store = dev.prescale.store.Stores.open(properties, System.getenv());
        if (store == null) {
            throw new IllegalArgumentException("store=none " + without + "; use file or influx");
        }
        return store;
    }

    static java.util.Map<String, String> systemProperties() {
        java.util.Map<String, String> p = new java.util.TreeMap<>();
        System.getProperties().forEach((k, v) -> p.put(k.toString(), v.toString()));
        return p;
    }
}
