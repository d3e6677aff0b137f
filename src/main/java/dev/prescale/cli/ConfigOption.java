package dev.prescale.cli;

import dev.prescale.config.CliConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code --config} option every command shares. */
final class ConfigOption {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "YAML configuration; PRESCALE_* environment variables and -Dprescale.* override it")
    Path file;

    CliConfig load() {
        return CliConfig.load(file, System.getenv(), systemProperties());
    }

    static java.util.Map<String, String> systemProperties() {
        java.util.Map<String, String> p = new java.util.TreeMap<>();
        System.getProperties().forEach((k, v) -> p.put(k.toString(), v.toString()));
        return p;
    }
}
