package dev.prescale.bench;

import dev.prescale.shadow.ShadowConfig;
import dev.prescale.shadow.ShadowService;
import dev.prescale.simulation.GatlingProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark, not a test: how many requests per second one injector JVM sends here before it distorts what it measures.
 * Runs ProfileSimulation at a ladder of constant rates against a shadow service on 127.0.0.1 with a 20-ms mean
 * service time and room for far more than the ladder's top, and compares Gatling's p95 at each rate with its p95 at the
 * lowest rate: what the injector adds as it gets busy (its overhead; the service's own latency does not grow with load
 * here, though it shares the machine's cores). The figure is the highest rate whose overhead stays within 5% with no
 * failed request; {@code prescale k8s rehearsal --injectors auto} divides a profile's peak by it
 * ({@code K8sCommand.MEASURED_PER_INJECTOR}).
 *
 * <p>Run: {@code mvn -Pbench verify}, or alone with {@code -Dprescale.bench.rates=250,500,1000,2000,3000}.
 */
public final class InjectorBench {

    private static final Pattern THROUGHPUT = Pattern.compile("> mean throughput \\(rps\\)\\s*\\|\\s*([\\d.,]+)");

    public static void main(String[] args) throws Exception {
        String[] rates = System.getProperty("prescale.bench.rates", "100,250,400,550,700,850,1000,1500,2000").split(",");
        int seconds = Integer.getInteger("prescale.bench.seconds", 30);
        // 64 workers at 3200 units/s: a browse (1 unit) takes 20 ms on average, 16 instances never queue at 3000/s
        ShadowConfig roomy = ShadowConfig.DEFAULTS.withInstances(16).withCapacity(3200, 64)
                .withMetricsWindow(Duration.ofSeconds(seconds + 5));
        Path profiles = Files.createDirectories(Path.of("target", "bench", "injector", "profiles"));
        double sustained = 0;
        double reference = Double.NaN;
        System.out.printf("injector sizing: constant rates for %d s against a 20-ms service, %d cores%n", seconds,
                Runtime.getRuntime().availableProcessors());
        for (String r : rates) {
            double rate = Double.parseDouble(r.strip());
            Files.writeString(profiles.resolve("constant.yaml"), "profileId: constant\nresourceType: CPU\n"
                    + "duration: " + seconds + "s\npattern: {type: constant, rate: " + rate + "}\n");
            try (ShadowService target = ShadowService.start(roomy)) {
                GatlingProcess.Result result = GatlingProcess.run("dev.prescale.simulations.ProfileSimulation",
                        Map.of("prescale.target", target.baseUri().toString(), "prescale.profiledb",
                                profiles.toAbsolutePath().toString(), "prescale.profile", "constant",
                                "prescale.compression", "1", "prescale.mix", "GET /browse 100",
                                "prescale.store", "none"),
                        Path.of("target", "bench", "injector"), Duration.ofMinutes(5));
                double server = target.metrics().latencyMs().p95();
                double client = result.p95Millis();
                if (Double.isNaN(reference)) {
                    reference = client;
                }
                double overhead = client / reference - 1;
                double throughput = number(THROUGHPUT, result.output());
                boolean ok = overhead <= 0.05 && result.koCount() == 0 && result.exitCode() == 0;
                System.out.printf("  %6.0f req/s asked: %7.1f mean throughput, %d failed, p95 %4.0f ms (service's own "
                        + "%5.1f ms), overhead %+5.1f%% %s%n", rate, throughput, result.koCount(), client, server,
                        100 * overhead, ok ? "ok" : "TOO MUCH");
                if (ok) {
                    sustained = rate;
                } else {
                    break;
                }
            }
        }
        System.out.printf("one injector sustains %.0f requests/s here with p95 overhead within 5%%%n", sustained);
    }

    private static double number(Pattern p, String text) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no match for " + p + " in:\n" + text);
        }
        return Double.parseDouble(m.group(1).replace(",", ""));
    }
}
