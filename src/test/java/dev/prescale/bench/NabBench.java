package dev.prescale.bench;

import dev.prescale.anomaly.AnomalyDetector;
import dev.prescale.anomaly.Cusum;
import dev.prescale.anomaly.Extreme;
import dev.prescale.anomaly.Jump;
import dev.prescale.anomaly.NabCorpus;
import dev.prescale.anomaly.NabDetectors;
import dev.prescale.anomaly.NabProfile;
import dev.prescale.anomaly.RobustMahalanobis;
import dev.prescale.anomaly.SeasonalResidual;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Benchmark, not a test: every detector on the NAB files of {@code ../shared/data/nab} (or the folder given), with
 * NAB's corpus-wide threshold optimisation per profile, printing normalised scores and throughput. Every detector runs
 * with the same settings on every file: nothing is tuned per file. The two corpus-wide settings here were chosen on
 * this same corpus by a coarse grid (refractory 6 h, 12 h, 1 day x rarity memory 1, 2, 3, 7 days; best ensemble
 * standard score), so the printed scores are in-sample for those two numbers; the detectors' own settings are their
 * defaults, set before the first run.
 */
public final class NabBench {

    static List<Supplier<AnomalyDetector>> detectors() {
        return NabDetectors.names().stream().map(NabDetectors::named).toList();
    }

    public static void main(String[] args) {
        Path folder = Path.of(args.length > 0 ? args[0] : "../shared/data/nab");
        if (!Files.isRegularFile(folder.resolve("windows.json"))) {
            System.out.println("NAB bench: " + folder + "/windows.json is absent; nothing to measure");
            return;
        }
        List<NabCorpus.LabelledSeries> corpus = NabCorpus.load(folder);
        int windows = corpus.stream().mapToInt(s -> s.windows().size()).sum();
        System.out.printf(Locale.ROOT, "NAB bench: %d files, %d rows, %d windows, from %s%n", corpus.size(),
                corpus.stream().mapToInt(s -> s.values().length).sum(), windows, folder);
        System.out.printf(Locale.ROOT, "%-40s %9s %9s %9s %10s %6s %6s %6s %12s   %s%n", "detector", "standard",
                "low FP", "low FN", "threshold", "TP", "FP", "FN", "points/s", "held out: standard, low FP, low FN");
        for (Supplier<AnomalyDetector> d : detectors()) {
            NabCorpus.evaluate(d, corpus); // warm-up of the JIT, so the throughput is steady-state
            NabCorpus.DetectorResult r = NabCorpus.evaluate(d, corpus);
            NabCorpus.ProfileResult std = r.profile(NabProfile.STANDARD);
            System.out.printf(Locale.ROOT, "%-40s %9.1f %9.1f %9.1f %10.4f %6d %6d %6d %12.0f   %.1f, %.1f, %.1f%n",
                    r.detector(), std.normalised(), r.profile(NabProfile.REWARD_LOW_FP).normalised(),
                    r.profile(NabProfile.REWARD_LOW_FN).normalised(), std.threshold(), std.truePositives(),
                    std.falsePositives(), std.missed(), r.pointsPerSecond(),
                    r.heldOut(NabProfile.STANDARD).normalised(), r.heldOut(NabProfile.REWARD_LOW_FP).normalised(),
                    r.heldOut(NabProfile.REWARD_LOW_FN).normalised());
        }
        throughput();
    }

    /**
     * Throughput on a long stream (the NAB files are too short for a steady figure): two million points of a daily
     * wave with noise and a spike a day, five-minute steps, each detector alone and in its scoring pipeline.
     */
    static void throughput() {
        int n = 2_000_000;
        long[] t = new long[n];
        double[] v = new double[n];
        java.util.SplittableRandom random = new java.util.SplittableRandom(8);
        for (int i = 0; i < n; i++) {
            t[i] = 1_500_000_000L + 300L * i;
            v[i] = 100 + 40 * Math.sin(2 * Math.PI * i / 288) + 5 * random.nextGaussian() + (i % 288 == 100 ? 80 : 0);
        }
        List<Supplier<AnomalyDetector>> raw = List.of(
                () -> new SeasonalResidual(SeasonalResidual.Settings.DEFAULTS),
                () -> new Cusum(Cusum.Settings.DEFAULTS),
                () -> RobustMahalanobis.univariate(Duration.ofDays(1)),
                Jump::new,
                () -> new Extreme(NabDetectors.EXTREME_MEMORY));
        System.out.printf(Locale.ROOT, "%nthroughput on %,d points (5-minute steps), points/s:%n%-40s %12s %12s%n", n,
                "detector", "alone", "pipeline");
        for (Supplier<AnomalyDetector> alone : raw) {
            String name = alone.get().name();
            System.out.printf(Locale.ROOT, "%-40s %12.0f %12.0f%n", name, pointsPerSecond(alone, t, v),
                    pointsPerSecond(NabDetectors.named(name), t, v));
        }
        System.out.printf(Locale.ROOT, "%-40s %12s %12.0f%n", "ensemble", "",
                pointsPerSecond(NabDetectors.named("ensemble"), t, v));
    }

    private static double pointsPerSecond(Supplier<AnomalyDetector> make, long[] t, double[] v) {
        double best = 0;
        for (int round = 0; round < 3; round++) { // the first round warms the JIT; report the best of the rest
            AnomalyDetector d = make.get();
            double sink = 0;
            long start = System.nanoTime();
            for (int i = 0; i < t.length; i++) {
                sink += d.score(t[i], v[i], Double.NaN);
            }
            double rate = t.length / ((System.nanoTime() - start) / 1e9);
            if (sink < 0) {
                throw new IllegalStateException("a score below 0");
            }
            best = round == 0 ? 0 : Math.max(best, rate);
        }
        return best;
    }
}
