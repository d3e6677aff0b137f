package dev.prescale.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "rehearse", mixinStandardHelpOptions = true,
        description = {"Rehearse a load profile with Gatling (runs mvn gatling:test with ProfileSimulation, the way "
                + "pipelines do), against the embedded shadow service or --target; results go to the configured "
                + "store.",
                "Example: prescale rehearse --profile black-friday --compression 60"})
final class RehearseCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--profile", required = true, description = "profile id (profile-db/profiles or the store)")
    String profile;

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
        List<String> command = new ArrayList<>();
        String mavenHome = System.getProperty("maven.home");
        command.add(mavenHome != null ? Path.of(mavenHome, "bin", "mvn").toString() : "mvn");
        command.addAll(List.of("-q", "-B", "gatling:test",
                "-Dgatling.simulationClass=dev.prescale.simulations.ProfileSimulation", "-Dprescale.profile=" + profile));
        Map<String, String> properties = config.load().asProperties();
        // secrets stay out of the command line (other users can read it); the child inherits the environment
        properties.forEach((k, v) -> {
            if (!k.matches("(?i).*(token|password|secret).*")) {
                command.add("-D" + k + "=" + v);
            }
        });
        add(command, "prescale.compression", compression);
        add(command, "prescale.intensity", intensity);
        add(command, "prescale.target", target);
        add(command, "prescale.runId", runId);
        System.out.println("running " + String.join(" ", command));
        Process p = new ProcessBuilder(command).directory(new File(".")).inheritIO().start();
        return p.waitFor();
    }

    private static void add(List<String> command, String key, String value) {
        if (value != null) {
            command.add("-D" + key + "=" + value);
        }
    }
}
