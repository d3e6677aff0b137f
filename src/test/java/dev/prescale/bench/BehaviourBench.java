package dev.prescale.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prescale.behaviour.BehaviourBacktest;
import dev.prescale.behaviour.BehaviourProfile;
import dev.prescale.behaviour.Grouping;
import dev.prescale.behaviour.Session;
import dev.prescale.behaviour.Sessionizer;
import dev.prescale.signature.AccessLog;
import dev.prescale.simulation.GatlingProcess;
import org.hipparchus.stat.inference.KolmogorovSmirnovTest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Benchmark, not a test: behaviour profiles on the real Apache log (two days of a public site, one sampled minute an
 * hour). First, fitted on the first day and a half (before 2015-05-18 12:00 UTC), each group's hourly requests over the
 * rest against the prediction, and the WAPE per group (out of sample). Then the profile of the whole log played by
 * {@code BehaviourSimulation} in a Gatling JVM against the embedded shadow: each group's share of requests against
 * the log's, and the session lengths against the log's by a two-sample Kolmogorov-Smirnov test (pooled and per group).
 */
public final class BehaviourBench {

    static final Instant CUT = Instant.parse("2015-05-18T12:00:00Z");

    /** Learned clusters per group in the second backtest (chosen before looking: one more than "pages or assets"). */
    static final int CLUSTERS = 3;

    public static void main(String[] args) throws Exception {
        Path log = Path.of("../shared/data/logs/apache-combined-may17-18-2015.log").toAbsolutePath().normalize();
        if (!Files.isRegularFile(log)) {
            System.out.println("behaviour bench: " + log + " is absent; nothing to measure");
            return;
        }
        List<AccessLog.Entry> all = AccessLog.read(log).entries();
        List<AccessLog.Entry> train = all.stream().filter(e -> e.time().isBefore(CUT)).toList();
        List<AccessLog.Entry> test = all.stream().filter(e -> !e.time().isBefore(CUT)).toList();
        BehaviourBacktest.Result r = BehaviourBacktest.run(train, test, Sessionizer.DEFAULT_GAP, Grouping.SOURCES);
        System.out.printf("behaviour bench: fitted on %d requests before %s, predicted %d after it, %s to %s%n%n",
                train.size(), CUT, test.size(), r.from(), r.to());
        System.out.printf("%-7s", "hour");
        r.groups().forEach(g -> System.out.printf(" %19s", g.group()));
        System.out.printf("%n%-7s", "");
        r.groups().forEach(g -> System.out.printf(" %9s %9s", "actual", "pred"));
        System.out.println();
        int hours = r.groups().get(0).hourly().length;
        for (int h = 0; h < hours; h++) {
            System.out.printf("%-7s", r.from().plusSeconds(3600L * h).toString().substring(11, 16));
            for (BehaviourBacktest.GroupScore g : r.groups()) {
                System.out.printf(Locale.ROOT, " %9.0f %9.1f", g.hourly()[h][0], g.hourly()[h][1]);
            }
            System.out.println();
        }
        System.out.printf("%n%-18s %9s %9s %7s%n", "group", "requests", "predicted", "WAPE");
        r.groups().forEach(g -> System.out.printf(Locale.ROOT, "%-18s %9.0f %9.1f %6.1f%%%n", g.group(), g.actual(),
                g.predicted(), 100 * g.wape()));
        System.out.printf(Locale.ROOT, "%-18s %9s %9s %6.1f%%%n", "all groups", "", "", 100 * r.wape());

        BehaviourBacktest.Result clustered = BehaviourBacktest.run(train, test, Sessionizer.DEFAULT_GAP,
                Grouping.SOURCES, CLUSTERS);
        System.out.printf("%nthe same with each group split into up to %d learned clusters of sessions:%n%-24s %9s %9s "
                + "%7s  %s%n", CLUSTERS, "cluster", "requests", "predicted", "WAPE", "typical session (training)");
        clustered.groups().forEach(g -> System.out.printf(Locale.ROOT, "%-24s %9.0f %9.1f %6.1f%%  %s%n", g.group(),
                g.actual(), g.predicted(), 100 * g.wape(), clustered.profile().clusters().describe(g.group())));
        System.out.printf(Locale.ROOT, "%-24s %9s %9s %6.1f%%%n", "all clusters", "", "", 100 * clustered.wape());

        simulate(log, all);
    }

    private static void simulate(Path log, List<AccessLog.Entry> all) throws Exception {
        Path out = Files.createDirectories(Path.of("target", "behaviour-bench"));
        Path summary = out.resolve("summary.json");
        Files.deleteIfExists(summary);
        GatlingProcess.Result run = GatlingProcess.run("dev.prescale.simulations.BehaviourSimulation", Map.of(
                "prescale.behaviour.log", log.toString(), "prescale.behaviour.summary", summary.toAbsolutePath()
                        .toString(), "prescale.runLength", "60s", "prescale.store", "none",
                "prescale.shadow.instances", "8"), out, Duration.ofMinutes(5));
        if (run.exitCode() != 0 || !Files.isRegularFile(summary)) {
            System.out.println("behaviour simulation failed (exit " + run.exitCode() + "):\n" + run.output());
            return;
        }
        JsonNode simulated = new ObjectMapper().readTree(Files.readString(summary));
        BehaviourProfile profile = BehaviourProfile.fit("log", all, Sessionizer.DEFAULT_GAP, Grouping.SOURCES);
        Map<String, List<Double>> logLengths = new TreeMap<>();
        for (Session s : Sessionizer.sessions(all, Sessionizer.DEFAULT_GAP, Grouping.SOURCES)) {
            logLengths.computeIfAbsent(s.group(), k -> new ArrayList<>()).add((double) s.length());
        }
        double simulatedRequests = 0;
        for (JsonNode g : simulated) {
            simulatedRequests += g.get("requests").asDouble();
        }
        System.out.printf("%nthe whole log's profile played in a minute (%s):%n%-18s %8s %8s %7s %9s %9s %8s%n",
                summary, "group", "log %", "sim %", "diff", "sessions", "sim", "KS p");
        List<Double> pooledLog = new ArrayList<>();
        List<Double> pooledSim = new ArrayList<>();
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest(42);
        for (Map.Entry<String, Double> share : profile.shares().entrySet()) {
            JsonNode g = simulated.get(share.getKey());
            double simShare = g == null ? 0 : g.get("requests").asDouble() / simulatedRequests;
            List<Double> sim = new ArrayList<>();
            if (g != null) {
                g.get("lengths").forEach(v -> sim.add(v.asDouble()));
            }
            List<Double> real = logLengths.getOrDefault(share.getKey(), List.of());
            pooledLog.addAll(real);
            pooledSim.addAll(sim);
            double p = sim.size() >= 2 && real.size() >= 2 ? ks.kolmogorovSmirnovTest(array(real), array(sim))
                    : Double.NaN;
            System.out.printf(Locale.ROOT, "%-18s %7.1f%% %7.1f%% %+6.1f %9d %9d %8.3f%n", share.getKey(),
                    100 * share.getValue(), 100 * simShare, 100 * (simShare - share.getValue()), real.size(),
                    sim.size(), p);
        }
        System.out.printf(Locale.ROOT, "%-18s %8s %8s %6s %9d %9d %8.3f%n", "pooled", "", "", "", pooledLog.size(),
                pooledSim.size(), ks.kolmogorovSmirnovTest(array(pooledLog), array(pooledSim)));
    }

    private static double[] array(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
