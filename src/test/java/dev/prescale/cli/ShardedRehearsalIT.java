package dev.prescale.cli;

import dev.prescale.kubernetes.RehearsalManifests;
import dev.prescale.profile.LoadProfile;
import dev.prescale.profile.ProfileFiles;
import dev.prescale.shadow.ShadowConfig;
import dev.prescale.shadow.ShadowService;
import dev.prescale.simulation.GatlingProcess;
import dev.prescale.simulation.InjectionOptions;
import dev.prescale.simulation.InjectionPlan;
import dev.prescale.simulation.InjectionPlanner;
import dev.prescale.store.Point;
import dev.prescale.store.influx.InfluxConfig;
import dev.prescale.store.influx.InfluxServer;
import dev.prescale.store.influx.InfluxStore;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rehearsal on three injectors, run here as Kubernetes would run the Indexed Job {@code prescale k8s rehearsal}
 * writes: three processes, each with exactly the pod's command, environment and volumes read from the generated
 * manifest (the ConfigMap's files where it is mounted, the run id from the Job's name as the pod's {@code job-name}
 * label gives it, the optional Secret absent, {@code JOB_COMPLETION_INDEX} 0, 1, 2), the jar path mapped to the built
 * jar. They meet at the barrier in a real InfluxDB, send to the shadow service on 127.0.0.1 and record there; shard 0
 * merges. Then the same profile on one injector, for its verdict.
 */
class ShardedRehearsalIT {

    static final int SHARDS = 3;
    static final int RUN_LENGTH = 10;
    /**
     * The injectors' JVMs compile with C1 only ({@code k8s rehearsal --jvm-options}): three injectors and the target
     * share two cores here, a 10-s run gains nothing from C2's compile bursts, and the test takes ~50 s instead of 64.
     */
    static final String JVM_OPTIONS = "-XX:TieredStopAtLevel=1";
    static final Pattern START = Pattern.compile("shard \\d of \\d starts at (\\S+)");

    @Test
    void threeInjectorsSendTheProfileExactlyAndAreJudgedOnTheirMergedHistograms(@TempDir Path dir) throws Exception {
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(profiles.resolve("rise.yaml"), """
                profileId: sharded-rise
                resourceType: CPU
                duration: 1h
                pattern: {type: linear, from: 60, to: 150}
                slo: {p95: 2s, maxErrorRate: 2%}
                """);
        LoadProfile profile = ProfileFiles.open(profiles).byId("sharded-rise");
        String database = InfluxServer.newDatabase();
        String job = "rise-" + Long.toHexString(System.nanoTime());
        try (ShadowService shadow = ShadowService.start(ShadowConfig.DEFAULTS.withInstances(4))) {
            Path config = Files.writeString(dir.resolve("prescale.yaml"), "profiledb: " + profiles + "\n");
            Path manifests = dir.resolve("rehearsal.yaml");
            IssuesCommandTest.Run written = IssuesCommandTest.run("k8s", "rehearsal", "-c", config.toString(),
                    "--profile", "sharded-rise", "--injectors", String.valueOf(SHARDS), "--name", job,
                    "--target", shadow.baseUri().toString(), "--influx-url", InfluxServer.url(),
                    "--influx-database", database, "--run-length", RUN_LENGTH + "s", "--jvm-options", JVM_OPTIONS,
                    "--out", manifests.toString());
            assertThat(written.exit()).as(written.err()).isZero();
            List<KubernetesResource> objects = RehearsalManifests.read(Files.readString(manifests));
            Job indexed = objects.stream().filter(Job.class::isInstance).map(Job.class::cast).findFirst().orElseThrow();

            List<Process> pods = new ArrayList<>();
            List<Path> logs = new ArrayList<>();
            for (int i = 0; i < SHARDS; i++) {
                Path pod = Files.createDirectories(dir.resolve("pod-" + i));
                logs.add(pod.resolve("out.txt"));
                pods.add(startPod(indexed, objects, i, pod));
            }
            List<String> outputs = new ArrayList<>();
            for (int i = 0; i < SHARDS; i++) {
                assertThat(pods.get(i).waitFor(3, TimeUnit.MINUTES)).as("shard " + i + " finished").isTrue();
                outputs.add(Files.readString(logs.get(i)));
                assertThat(pods.get(i).exitValue()).as("shard " + i + ": " + outputs.get(i)).isZero();
                assertThat(outputs.get(i)).as("shard " + i + " began on time").doesNotContain("after the agreed start");
            }

            InjectionPlan plan = InjectionPlanner.plan(profile, InjectionOptions.DEFAULTS.withTimeCompression(
                    profile.durationSeconds() / RUN_LENGTH));
            long gatlingCount = outputs.stream().mapToLong(o -> new GatlingProcess.Result(0, o).requestCount()).sum();
            assertThat(gatlingCount).as("Gatling's own counts, summed").isEqualTo(plan.plannedUsers());
            assertThat(outputs.get(0)).contains("run " + job + " on 3 injectors PASSED: " + plan.plannedUsers()
                    + " requests");

            Instant start = start(outputs);
            assertThat(outputs).allSatisfy(o -> assertThat(start(List.of(o))).isEqualTo(start));
            try (InfluxStore store = InfluxStore.connect(InfluxConfig.of(InfluxServer.url(), database))) {
                assertPerSecondRate(store, job, plan, start, SHARDS);
                Point merged = store.read("run_summary", Map.of("run_id", job, "shard", "merged"), Instant.EPOCH,
                        Instant.now().plusSeconds(60)).get(0);
                assertThat(merged.number("requests")).isEqualTo((double) plan.plannedUsers());
                assertThat(merged.number("slo_breaches")).isZero();

                // the same profile on one injector: the same requests, the same verdict
                Path single = Files.createDirectories(dir.resolve("single"));
                Process one = startPod(indexed, objects, 0, single, Map.of("PRESCALE_SHARD_COUNT", "1",
                        "PRESCALE_RUNID", job + "-single"));
                assertThat(one.waitFor(3, TimeUnit.MINUTES)).isTrue();
                String output = Files.readString(single.resolve("out.txt"));
                // the same table for one injector: whether a stall is the injectors' contention or in each of them
                assertPerSecondRate(store, job + "-single", plan, null, 1);
                assertThat(one.exitValue()).as(output).isZero();
                assertThat(new GatlingProcess.Result(0, output).requestCount()).isEqualTo(plan.plannedUsers());
                Point alone = store.read("run_summary", Map.of("run_id", job + "-single"), Instant.EPOCH,
                        Instant.now().plusSeconds(60)).get(0);
                assertThat(alone.number("slo_breaches")).as("one injector's verdict").isEqualTo(
                        merged.number("slo_breaches"));
                System.out.printf("sharded IT: %d requests on 3 injectors, merged p95 %.0f ms; one injector p95 %.0f ms%n",
                        plan.plannedUsers(), merged.number("p95_ms"), alone.number("p95_ms"));
            }
        }
    }

    /**
     * The merged per-second rate against the profile's (requests binned by the moment each virtual user sent them):
     * every second from the run's second on within 2% of the plan, printed per second with each shard's count. The
     * run's first second is printed, not held to it: each injector's first requests (connections, classes, code)
     * went out up to a few hundred ms late on this two-core machine (+4% in one run of four). Before arrivals were
     * aligned on the plan's own moments (ShardBarrier.Alignment), that start-up hiccup came back one pre-roll later as a
     * dip of 7-26%, and only 3 to 5 of 7 seconds were within 2%. With one injector ({@code shards} 1) the table is
     * printed only.
     */
    private static void assertPerSecondRate(InfluxStore store, String job, InjectionPlan plan, Instant start,
                                            int shards) {
        Map<Long, double[]> perSecond = new TreeMap<>();
        for (Point p : store.read("request_results", Map.of("run_id", job), Instant.EPOCH,
                Instant.now().plusSeconds(60))) {
            String shard = p.tag("shard"); // none on one injector
            perSecond.computeIfAbsent(p.time().getEpochSecond(), k -> new double[shards])[shard == null ? 0
                    : Integer.parseInt(shard)] += p.number("count");
        }
        if (start == null) { // one injector prints no agreed start: the one that fits its counts best
            start = fittedStart(perSecond, plan);
        }
        assertThat(perSecond.values().stream().flatMapToDouble(java.util.Arrays::stream).sum())
                .isEqualTo((double) plan.plannedUsers());
        double startSecond = start.toEpochMilli() / 1000.0;
        List<String> grossly = new ArrayList<>();
        List<String> off = new ArrayList<>();
        List<String> table = new ArrayList<>();
        int checked = 0;
        int within = 0;
        for (Map.Entry<Long, double[]> e : perSecond.entrySet()) {
            double from = e.getKey() - startSecond;
            if (from < 1 || from + 1 > plan.runSeconds() - 1) {
                continue; // the first and last seconds hold part of a second of the run
            }
            double[] counts = e.getValue();
            double merged = java.util.Arrays.stream(counts).sum();
            double expected = plan.usersBetween(from, from + 1);
            table.add(String.format("%.1f: %s = %.0f, planned %.1f", from, java.util.Arrays.toString(counts), merged,
                    expected));
            checked++;
            if (Math.abs(merged - expected) > 0.30 * expected) {
                grossly.add(table.get(table.size() - 1));
            }
            if (Math.abs(merged - expected) <= 0.02 * expected) {
                within++;
            } else if (from >= 2) {
                off.add(table.get(table.size() - 1));
            }
        }
        System.out.println("sharded IT, per second of run " + job + ": [shard counts] = merged, planned\n  "
                + String.join("\n  ", table));
        assertThat(checked).as("seconds checked").isGreaterThanOrEqualTo(plan.runSeconds() - 3);
        System.out.printf("sharded IT: %d of %d seconds within 2%% of the profile on %d injector(s), %d more than 30%%"
                + " off%n", within, checked, shards, grossly.size());
        if (shards > 1) {
            assertThat(off).as("seconds from the run's second on more than 2% off the plan").isEmpty();
        }
    }

    /** The start (first point's second plus a fraction, in 20ths) whose plan is closest to the counts seen. */
    private static Instant fittedStart(Map<Long, double[]> perSecond, InjectionPlan plan) {
        long first = perSecond.keySet().iterator().next();
        double best = Double.MAX_VALUE;
        double bestStart = first;
        for (int twentieth = -20; twentieth < 20; twentieth++) {
            double start = first + twentieth / 20.0;
            double error = 0;
            for (Map.Entry<Long, double[]> e : perSecond.entrySet()) {
                double from = e.getKey() - start;
                double seen = java.util.Arrays.stream(e.getValue()).sum();
                error += Math.pow(seen - plan.usersBetween(Math.max(0, from), Math.max(0, from + 1)), 2);
            }
            if (error < best) {
                best = error;
                bestStart = start;
            }
        }
        return Instant.ofEpochMilli(Math.round(bestStart * 1000));
    }

    private static Instant start(List<String> outputs) {
        Matcher m = START.matcher(outputs.get(0));
        assertThat(m.find()).as("a shard printed its start").isTrue();
        return Instant.parse(m.group(1));
    }

    private static Process startPod(Job job, List<KubernetesResource> objects, int index, Path pod) throws Exception {
        return startPod(job, objects, index, pod, Map.of());
    }

    /**
     * The pod Kubernetes would start for completion index {@code index}: the container's command, its environment as
     * the kubelet resolves it, its ConfigMap volumes as files; paths inside the image mapped to this machine's.
     */
    static Process startPod(Job job, List<KubernetesResource> objects, int index, Path pod,
                            Map<String, String> override) throws Exception {
        PodSpec spec = job.getSpec().getTemplate().getSpec();
        Container container = spec.getContainers().get(0);
        Map<String, String> paths = new HashMap<>();
        paths.put(RehearsalManifests.JAR, AppJarIT.jar().toString());
        for (VolumeMount mount : container.getVolumeMounts()) {
            Volume volume = spec.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                    .orElseThrow();
            ConfigMap map = objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                    .filter(c -> c.getMetadata().getName().equals(volume.getConfigMap().getName())).findFirst()
                    .orElseThrow(() -> new AssertionError("no ConfigMap " + volume.getConfigMap().getName()));
            Path local = Files.createDirectories(pod.resolve("mount-" + mount.getName()));
            for (Map.Entry<String, String> file : map.getData().entrySet()) {
                Files.writeString(local.resolve(file.getKey()), file.getValue());
            }
            paths.put(mount.getMountPath(), local.toString());
        }
        List<String> command = new ArrayList<>();
        for (String arg : container.getCommand()) {
            command.add(arg.equals("java") ? Path.of(System.getProperty("java.home"), "bin", "java").toString()
                    : mapped(arg, paths));
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(pod.toFile()).redirectErrorStream(true)
                .redirectOutput(pod.resolve("out.txt").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("PRESCALE_") || k.startsWith("INFLUX_"));
        for (EnvVar e : container.getEnv()) {
            if (e.getValue() != null) {
                env.put(e.getName(), mapped(e.getValue(), paths));
            } else if (e.getValueFrom().getFieldRef() != null) {
                assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.labels['"
                        + RehearsalManifests.JOB_NAME_LABEL + "']");
                env.put(e.getName(), job.getMetadata().getName()); // the label the Job controller puts on its pods
            } else if (e.getValueFrom().getSecretKeyRef() != null) {
                assertThat(e.getValueFrom().getSecretKeyRef().getOptional()).as(e.getName()).isTrue(); // no Secret here
            }
        }
        env.put("JOB_COMPLETION_INDEX", String.valueOf(index)); // what Kubernetes adds for an Indexed Job
        env.putAll(override);
        return builder.start();
    }

    private static String mapped(String value, Map<String, String> paths) {
        String v = value;
        for (Map.Entry<String, String> p : paths.entrySet()) {
            v = v.replace(p.getKey(), p.getValue());
        }
        return v;
    }
}
