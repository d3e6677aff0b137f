package dev.prescale.bench;

import dev.prescale.anomaly.AnomalyDetector;
import dev.prescale.anomaly.Cusum;
import dev.prescale.anomaly.Ensemble;
import dev.prescale.anomaly.NabCorpus;
import dev.prescale.anomaly.NabProfile;
import dev.prescale.anomaly.Onset;
import dev.prescale.anomaly.Rarity;
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

    static final Duration REFRACTORY = Duration.ofHours(12);

    static final Duration MEMORY = Duration.ofDays(3);

    static AnomalyDetector standard(AnomalyDetector raw) {
        return new Onset(new Rarity(raw, MEMORY), REFRACTORY);
    }

    static List<Supplier<AnomalyDetector>> detectors() {
        return List.of(
                () -> standard(new SeasonalResidual(SeasonalResidual.Settings.DEFAULTS)),
                () -> standard(new Cusum(Cusum.Settings.DEFAULTS)),
                () -> standard(RobustMahalanobis.univariate(Duration.ofDays(1))),
                () -> new Onset(new Ensemble(List.of(new Rarity(new SeasonalResidual(SeasonalResidual.Settings
                        .DEFAULTS), MEMORY), new Rarity(new Cusum(Cusum.Settings.DEFAULTS), MEMORY),
                        new Rarity(RobustMahalanobis.univariate(Duration.ofDays(1)), MEMORY))), REFRACTORY));
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
        System.out.printf(Locale.ROOT, "%-40s %9s %9s %9s %10s %6s %6s %6s %12s%n", "detector", "standard", "low FP",
                "low FN", "threshold", "TP", "FP", "FN", "points/s");
        for (Supplier<AnomalyDetector> d : detectors()) {
            NabCorpus.evaluate(d, corpus); // warm-up of the JIT, so the throughput is steady-state
            NabCorpus.DetectorResult r = NabCorpus.evaluate(d, corpus);
            NabCorpus.ProfileResult std = r.profile(NabProfile.STANDARD);
            System.out.printf(Locale.ROOT, "%-40s %9.1f %9.1f %9.1f %10.4f %6d %6d %6d %12.0f%n", r.detector(),
                    std.normalised(), r.profile(NabProfile.REWARD_LOW_FP).normalised(),
                    r.profile(NabProfile.REWARD_LOW_FN).normalised(), std.threshold(), std.truePositives(),
                    std.falsePositives(), std.missed(), r.pointsPerSecond());
        }
    }
}
