package dev.prescale.bench;

import dev.prescale.shadow.ShadowConfig;
import dev.prescale.shadow.ShadowService;
import dev.prescale.simulation.GatlingProcess;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark, not a test: does a Prescale-generated injection cost throughput compared with the same traffic written by
 * hand in Gatling? Runs both simulations alternately (A B A B ...) against a shadow service on 127.0.0.1 sized so it
 * never queues, and prints each run's achieved throughput from Gatling's own statistics and the ratio.
 *
 * <p>Run: {@code mvn -Pbench verify} (or with {@code -Dprescale.bench.peak=3000 -Dprescale.bench.rounds=3}).
 */
public final class InjectionOverheadBench {

    private static final Pattern THROUGHPUT = Pattern.compile("> mean throughput \\(rps\\)\\s*\\|\\s*([\\d.,]+)");
    private static final Pattern P95 = Pattern.compile("> response time 95th percentile \\(ms\\)\\s*\\|\\s*([\\d,]+)");

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("prescale.bench.rounds", 2);
        ShadowConfig roomy = ShadowConfig.DEFAULTS.withInstances(16).withCapacity(1_000_000, 64);
        try (ShadowService target = ShadowService.start(roomy)) {
            Map<String, String> props = Map.of("prescale.target", target.baseUri().toString(),
                    "prescale.bench.seconds", String.valueOf(OverheadWave.SECONDS),
                    "prescale.bench.peak", String.valueOf(OverheadWave.PEAK));
            System.out.printf("injection overhead: wave %.0f..%.0f requests/s over %d s, %d rounds, target %s%n",
                    OverheadWave.PEAK / 4, OverheadWave.PEAK, OverheadWave.SECONDS, rounds, target.baseUri());
            List<Double> generated = new ArrayList<>();
            List<Double> handWritten = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                generated.add(run(GeneratedWaveSimulation.class, props, round));
                handWritten.add(run(HandWrittenWaveSimulation.class, props, round));
            }
            double g = generated.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double h = handWritten.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            System.out.printf("mean throughput: generated %.1f rps, hand-written %.1f rps, ratio %.3f (target >= 0.95)%n",
                    g, h, g / h);
        }
    }

    private static double run(Class<?> simulation, Map<String, String> props, int round) throws Exception {
        GatlingProcess.Result result = GatlingProcess.run(simulation.getName(), props,
                Path.of("target", "bench", "injection-overhead"), Duration.ofMinutes(5));
        if (result.exitCode() != 0) {
            throw new IllegalStateException(simulation.getSimpleName() + " failed:\n" + result.output());
        }
        double rps = number(THROUGHPUT, result.output());
        System.out.printf("  round %d %-26s requests %,d  throughput %.1f rps  p95 %.0f ms%n", round,
                simulation.getSimpleName(), result.requestCount(), rps, number(P95, result.output()));
        return rps;
    }

    private static double number(Pattern pattern, String output) {
        Matcher m = pattern.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("Gatling output lacks " + pattern + ":\n" + output);
        }
        return Double.parseDouble(m.group(1).replace(",", ""));
    }

    private InjectionOverheadBench() {
    }
}
