package dev.prescale.cli;

import dev.prescale.config.Config;
import dev.prescale.kubernetes.RehearsalManifests;
import dev.prescale.kubernetes.RehearsalSpec;
import dev.prescale.profile.LoadProfile;
import dev.prescale.profile.ProfileFiles;
import dev.prescale.profile.ReplayPattern;
import dev.prescale.profile.ShippedFiles;
import dev.prescale.simulation.InjectionPlan;
import dev.prescale.simulation.InjectionPlanner;
import dev.prescale.simulation.RehearsalSettings;
import dev.prescale.simulation.Shard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "k8s", mixinStandardHelpOptions = true,
        description = "Rehearsals bigger than one machine: Kubernetes manifests for a profile sent by N injector pods "
                + "(an Indexed Job), and the verdict of such a run from its shards' merged results.",
        subcommands = {K8sCommand.Rehearsal.class, K8sCommand.Merge.class, K8sCommand.Image.class})
final class K8sCommand implements Runnable {

    /**
     * Requests per second one injector JVM sent here with its p95 within 5% of its p95 at 100/s (InjectorBench,
     * 2026-11-28: 550/s +2.9%, 700/s +11.4%; two cores shared with the shadow service it sent to): a default for
     * --per-injector, to be measured again on the injectors' own nodes, which do not share their cores with the target.
     */
    static final double MEASURED_PER_INJECTOR = 550;

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "rehearsal", mixinStandardHelpOptions = true,
            description = {"Write the manifests of a sharded rehearsal: the profile in a ConfigMap, an Indexed Job of "
                    + "N injectors (shard i of N from JOB_COMPLETION_INDEX, the run id from the Job's name, InfluxDB "
                    + "credentials from a Secret, resources and anti-affinity per injector), optionally a CronJob for "
                    + "scheduled pre-event rehearsals and the controller's Deployment. Shard 0 merges the shards' "
                    + "histograms and fails the Job when the objective is missed or a shard is missing.",
                    "Example: prescale k8s rehearsal --profile black-friday --injectors auto "
                            + "--target http://storefront.shop:8080 --image registry.example/prescale:0.1.0 "
                            + "--out rehearsal.yaml"})
    static final class Rehearsal implements Callable<Integer> {

        @Mixin
        ConfigOption config;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Option(names = "--profile", required = true, description = "profile id, read from the profile folder")
        String profile;

        @Option(names = "--injectors", defaultValue = "auto", description = "injector pods, or auto: the profile's "
                + "peak over --per-injector (default ${DEFAULT-VALUE})")
        String injectors;

        @Option(names = "--per-injector", description = "requests/s one injector sustains (default: the figure "
                + "measured here, " + (int) MEASURED_PER_INJECTOR + ")")
        Double perInjector;

        @Option(names = "--target", required = true, description = "the service under test, as the pods reach it")
        String target;

        @Option(names = "--name", description = "the Job's name and the run id (default: prescale-PROFILE)")
        String name;

        @Option(names = "--image", defaultValue = "prescale:latest", description = "the image with the runnable jar "
                + "at /app/prescale.jar (default ${DEFAULT-VALUE})")
        String image;

        @Option(names = "--influx-url", defaultValue = "http://influxdb:8086", description = "default ${DEFAULT-VALUE}")
        String influxUrl;

        @Option(names = "--influx-database", defaultValue = "prescale", description = "default ${DEFAULT-VALUE}")
        String influxDatabase;

        @Option(names = "--influx-secret", defaultValue = "prescale-influx", description = "the Secret holding "
                + "token, username and password, each optional (default ${DEFAULT-VALUE})")
        String influxSecret;

        @Option(names = "--run-length", defaultValue = "1m", description = "the run's length (default "
                + "${DEFAULT-VALUE})")
        String runLength;

        @Option(names = "--start", description = "when the shards start (ISO-8601); default: they meet at a barrier "
                + "in InfluxDB and start together 8 s after the last is ready")
        Instant start;

        @Option(names = "--schedule", description = "also a CronJob on this schedule, e.g. '0 6 * * 1'")
        String schedule;

        @Option(names = "--controller-config", description = "also the controller's Deployment, with this file as "
                + "its configuration")
        Path controllerConfig;

        @Option(names = "--cpu", defaultValue = "1", description = "CPU request per injector (default ${DEFAULT-VALUE})")
        String cpu;

        @Option(names = "--memory", defaultValue = "1Gi", description = "memory per injector (default "
                + "${DEFAULT-VALUE})")
        String memory;

        @Option(names = "--jvm-options", description = "options for the injectors' JVMs, as JAVA_TOOL_OPTIONS (the "
                + "launcher and its Gatling JVM), e.g. -XX:TieredStopAtLevel=1 for short runs on shared cores")
        String jvmOptions;

        @Option(names = "--out", description = "write the YAML here instead of standard output")
        Path out;

        @Override
        public Integer call() throws Exception {
            Config c = config.load();
            String named = c.text("profiledb", "");
            Path folder = named.isBlank() ? ShippedFiles.orShipped(ProfileFiles.DEFAULT_FOLDER) : Path.of(named);
            Map.Entry<LoadProfile, String> found = profileFile(folder, profile);
            Duration length = dev.prescale.profile.Durations.parse(runLength);
            RehearsalSettings settings = RehearsalSettings.from(Map.of("prescale.runlength", runLength));
            InjectionPlan plan = InjectionPlanner.plan(found.getKey(),
                    settings.injectionOptions(found.getKey().durationSeconds()));
            double each = perInjector == null ? MEASURED_PER_INJECTOR : perInjector;
            int n = injectors.equalsIgnoreCase("auto") ? injectorsFor(plan.peakRate(), each) : parse(injectors);
            RehearsalSpec.Builder spec = RehearsalSpec.builder(name != null ? name : "prescale-" + profile,
                            profile, found.getValue()).injectors(n).image(image).target(target)
                    .influx(influxUrl, influxDatabase, influxSecret).runLength(length).resources(cpu, memory)
                    .jvmOptions(jvmOptions);
            if (start != null) {
                spec.start(start);
            }
            if (schedule != null) {
                spec.schedule(schedule);
            }
            if (controllerConfig != null) {
                spec.controllerConfig(Files.readString(controllerConfig));
            }
            String yaml = RehearsalManifests.yaml(RehearsalManifests.objects(spec.build()));
            java.io.PrintWriter err = command.commandLine().getErr();
            err.printf("%s: %.0f requests in %s, peak %.1f requests/s; %d injector%s at up to %.0f/s each%n",
                    profile, (double) plan.plannedUsers(), dev.prescale.profile.Durations.format(length),
                    plan.peakRate(), n, n == 1 ? "" : "s", each);
            if (out == null) {
                System.out.print(yaml);
            } else {
                Files.writeString(out, yaml);
                err.println("wrote " + out.toAbsolutePath() + "; apply with kubectl apply -f " + out);
            }
            return 0;
        }

        private static int parse(String n) {
            try {
                return Integer.parseInt(n.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--injectors " + n + " is neither auto nor a number of pods");
            }
        }
    }

    /** Injectors a peak needs: at least one, each at most {@code perInjector} requests/s. */
    static int injectorsFor(double peakRate, double perInjector) {
        if (!(perInjector > 0)) {
            throw new IllegalArgumentException("--per-injector must be positive, but was " + perInjector);
        }
        return (int) Math.max(1, Math.ceil(peakRate / perInjector));
    }

    /** The profile and its file's text, for the ConfigMap. */
    static Map.Entry<LoadProfile, String> profileFile(Path folder, String id) throws java.io.IOException {
        ProfileFiles.open(folder).byId(id); // a missing id or folder fails here, with the known ids
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(ProfileFiles::isProfileFile).sorted().toList()) {
                LoadProfile p = ProfileFiles.read(file);
                if (p.profileId().equals(id)) {
                    if (p.pattern() instanceof ReplayPattern replay && replay.source() != null
                            && replay.source().startsWith("file:")) {
                        throw new IllegalArgumentException("profile " + id + " replays a file, which its ConfigMap "
                                + "cannot carry; import the trace (prescale import-trace) and replay history: instead");
                    }
                    return Map.entry(p, Files.readString(file));
                }
            }
        }
        throw new IllegalStateException("profile " + id + " vanished from " + folder);
    }

    @Command(name = "image", mixinStandardHelpOptions = true,
            description = {"Print a Dockerfile for the image the manifests run: the runnable jar at /app/prescale.jar "
                    + "and its libraries beside it, on a Java 17 runtime. Build it from the project folder after "
                    + "mvn package:",
                    "  prescale k8s image > Dockerfile && docker build -t registry.example/prescale:0.1.0 ."})
    static final class Image implements Callable<Integer> {
        @Override
        public Integer call() {
            System.out.print(dockerfile());
            return 0;
        }
    }

    /** The image recipe: what {@link RehearsalManifests#JAR} expects, the app jar's Class-Path (lib/) beside it. */
    static String dockerfile() {
        return """
                # Prescale's runnable jar for Kubernetes injectors and the controller (prescale k8s rehearsal).
                # Build from the project folder after `mvn package -DskipTests`.
                FROM eclipse-temurin:17-jre
                RUN useradd --system --uid 10001 prescale
                WORKDIR /work
                COPY target/lib/ /app/lib/
                COPY target/prescale-*-app.jar %s
                RUN chown prescale /work
                USER 10001
                ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "%s"]
                """.formatted(RehearsalManifests.JAR, RehearsalManifests.JAR);
    }

    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = "The verdict of a sharded run: every shard's summary from the store, histograms added, the "
                    + "objective judged on all requests; stored as run_summary shard=merged. Exit 1 when a shard is "
                    + "missing or the objective was missed.")
    static final class Merge implements Callable<Integer> {

        @Mixin
        ConfigOption config;

        @Option(names = "--run", required = true, description = "the run id (the Job's name)")
        String run;

        @Option(names = "--shards", required = true, description = "injectors the run had")
        int shards;

        @Option(names = "--wait", defaultValue = "0s", description = "wait this long for missing shards (default "
                + "${DEFAULT-VALUE})")
        String waitFor;

        @Override
        public Integer call() throws Exception {
            Config c = config.load();
            Shard shard = new Shard(0, shards, java.util.Optional.empty(),
                    dev.prescale.profile.Durations.parse(waitFor));
            return RehearseCommand.merge(c, shard, run);
        }
    }
}
