package dev.prescale.anomaly;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * No detector throws, on real data or on odd values: each scores in [0, 1] and goes on. NAB's
 * art_daily_perfect_square_wave (row 610) and Twitter_volume_AAPL (row 15586) made robust Mahalanobis throw "non
 * symmetric matrix" (its covariance halves were computed apart and rounded apart).
 */
class DetectorsAreTotalTest {

    static final Path NAB = Path.of("../shared/data/nab");

    /** Odd inputs, each fed to a fresh detector after a day of calm 5-minute points. */
    static final Map<String, double[]> ODD = Map.of(
            "NaN", new double[]{Double.NaN, 5, Double.NaN, 5},
            "infinities", new double[]{Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 5, 5},
            "huge", new double[]{1e300, -1e300, 1e300, 0, Double.MAX_VALUE, -Double.MAX_VALUE, 5, 5},
            "constant", new double[]{5, 5, 5, 5, 5, 5, 5, 5},
            "tiny", new double[]{Double.MIN_VALUE, -Double.MIN_VALUE, 0, 1e-300, 5});

    @Test
    void theNabRowsThatCrashedRobustMahalanobisScoreLikeAnyOther() {
        assumeTrue(Files.isDirectory(NAB), "shared data folder ../shared/data is absent");
        List<String> crashed = List.of("artificialNoAnomaly/art_daily_perfect_square_wave.csv",
                "realTweets/Twitter_volume_AAPL.csv");
        List<NabCorpus.LabelledSeries> corpus = NabCorpus.load(NAB, crashed::contains);
        assertThat(corpus).hasSize(2);
        for (NabCorpus.LabelledSeries series : corpus) {
            String name = series.name();
            for (Supplier<AnomalyDetector> make : DetectorsTest.all()) {
                AnomalyDetector d = make.get();
                int outOfRange = -1;
                for (int i = 0; i < series.values().length; i++) {
                    double s = d.score(series.times()[i], series.values()[i], Double.NaN);
                    outOfRange = outOfRange < 0 && !(s >= 0 && s <= 1) ? i : outOfRange;
                }
                assertThat(outOfRange).as(d.name() + " on " + name + ": the first row scored outside [0, 1]")
                        .isEqualTo(-1);
            }
        }
    }

    @Test
    void oddValuesAndRepeatedTimesScoreInRangeAndNeverThrow() {
        for (Supplier<AnomalyDetector> make : DetectorsTest.all()) {
            for (Map.Entry<String, double[]> odd : ODD.entrySet()) {
                AnomalyDetector d = make.get();
                double[] calm = DetectorsTest.wave(288, 1);
                long t = 0;
                for (double v : calm) {
                    d.score(t += DetectorsTest.STEP, v, Double.NaN);
                }
                for (double v : odd.getValue()) {
                    t += DetectorsTest.STEP;
                    for (double predicted : new double[]{Double.NaN, 1e300, v}) {
                        // the same time again and again: later ones are ignored, none may throw
                        assertThat(d.score(t, v, predicted)).as(d.name() + " on " + odd.getKey())
                                .isBetween(0.0, 1.0);
                    }
                }
                for (double v : calm) { // and it still scores afterwards
                    assertThat(d.score(t += DetectorsTest.STEP, v, Double.NaN)).isBetween(0.0, 1.0);
                }
            }
        }
    }

    @Test
    void theFleetWatchTakesOddSamplesWithoutThrowing() {
        FleetWatch watch = new FleetWatch("fleet", List.of(new FleetWatch.Metric("cpu", 0.01),
                new FleetWatch.Metric("rps", 1)), FleetWatch.Settings.DEFAULTS);
        long t = 1_700_000_000L;
        double[] calm = DetectorsTest.wave(600, 2);
        for (double v : calm) {
            watch.observe(Instant.ofEpochSecond(t += 10), new double[]{v / 200, v}, null);
        }
        for (double[] odd : ODD.values()) {
            for (double v : odd) {
                t += 10;
                watch.observe(Instant.ofEpochSecond(t), new double[]{v, -v}, new double[]{1e300, Double.NaN});
                watch.observe(Instant.ofEpochSecond(t), new double[]{v, v}, null); // a repeated time
            }
        }
        assertThat(watch.failures()).as("the detectors handle these themselves").isZero();
    }

    @Test
    void aDetectorThatThrowsScoresZeroIsCountedAndTheNextPointIsScored() {
        AnomalyDetector flaky = new AnomalyDetector() {
            @Override
            public String name() {
                return "flaky";
            }

            @Override
            public double score(long epochSecond, double value, double predicted) {
                if (value < 0) {
                    throw new IllegalStateException("negative");
                }
                return value > 10 ? Double.NaN : 0.5;
            }
        };
        Guarded guarded = new Guarded(flaky);

        assertThat(guarded.score(1, -1, Double.NaN)).isZero();
        assertThat(guarded.score(2, 11, Double.NaN)).as("a NaN score is a failure too").isZero();
        assertThat(guarded.score(3, 1, Double.NaN)).isEqualTo(0.5);
        assertThat(guarded.failures()).isEqualTo(2);
    }
}
