package dev.prescale.anomaly;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** What each detector does with ordinary noise, a real anomaly, and bad input. */
class DetectorsTest {

    static final long STEP = 300;

    static List<Supplier<AnomalyDetector>> all() {
        return List.of(() -> new SeasonalResidual(SeasonalResidual.Settings.DEFAULTS),
                () -> new Cusum(Cusum.Settings.DEFAULTS),
                () -> RobustMahalanobis.univariate(Duration.ofDays(1)),
                Jump::new,
                () -> new Extreme(Duration.ofDays(30)),
                () -> NabDetectors.named("ensemble").get(),
                () -> new Onset(new Rarity(new SeasonalResidual(SeasonalResidual.Settings.DEFAULTS),
                        Duration.ofDays(3)), Duration.ofHours(12)));
    }

    /** Three days of a daily wave with 2% noise at 5-minute steps. */
    static double[] wave(int points, long seed) {
        Random r = new Random(seed);
        double[] v = new double[points];
        for (int i = 0; i < points; i++) {
            v[i] = 100 + 40 * Math.sin(2 * Math.PI * i / 288) + 2 * r.nextGaussian();
        }
        return v;
    }

    @Test
    void aSpikeScoresFarAboveOrdinaryNoise() {
        for (Supplier<AnomalyDetector> factory : all()) {
            AnomalyDetector d = factory.get();
            double[] v = wave(4 * 288, 1);
            v[3 * 288 + 100] += 120;
            double noise = 0;
            double spike = 0;
            for (int i = 0; i < v.length; i++) {
                double s = d.score(i * STEP, v[i], Double.NaN);
                assertThat(s).as(d.name()).isBetween(0.0, 1.0);
                if (i == 3 * 288 + 100) {
                    spike = s;
                } else if (i > 2 * 288 && i != 3 * 288 + 101) { // the fall back after it is a jump too
                    noise = Math.max(noise, s);
                }
            }
            assertThat(spike).as(d.name() + ": spike against the highest score of ordinary points")
                    .isGreaterThan(noise);
        }
    }

    @Test
    void theForecastIsTheBaselineWhenThereIsOne() {
        // the series doubles at a step the forecast announced: no anomaly against the forecast, one without it
        SeasonalResidual withForecast = new SeasonalResidual(SeasonalResidual.Settings.DEFAULTS);
        SeasonalResidual without = new SeasonalResidual(SeasonalResidual.Settings.DEFAULTS);
        Random r = new Random(2);
        double maxWith = 0;
        double atStepWithout = 0;
        for (int i = 0; i < 2 * 288; i++) {
            double level = i < 400 ? 100 : 200;
            double v = level + r.nextGaussian();
            maxWith = Math.max(maxWith, withForecast.score(i * STEP, v, level));
            double s = without.score(i * STEP, v, Double.NaN);
            atStepWithout = i == 400 ? s : atStepWithout;
        }
        assertThat(atStepWithout).isGreaterThan(0.9);
        assertThat(maxWith).isLessThan(0.3);
    }

    @Test
    void badInputScoresZeroAndLeavesTheStateAsItWas() {
        for (Supplier<AnomalyDetector> factory : all()) {
            AnomalyDetector clean = factory.get();
            AnomalyDetector dirty = factory.get();
            double[] v = wave(3 * 288, 3);
            for (int i = 0; i < v.length; i++) {
                double expected = clean.score(i * STEP, v[i], Double.NaN);
                assertThat(dirty.score(i * STEP, v[i], Double.NaN)).isEqualTo(expected);
                if (i % 50 == 7) { // NaN, infinity, a repeated and an earlier timestamp between two good points
                    assertThat(dirty.score(i * STEP + 1, Double.NaN, Double.NaN)).as(dirty.name()).isZero();
                    assertThat(dirty.score(i * STEP + 2, Double.POSITIVE_INFINITY, Double.NaN)).isZero();
                    assertThat(dirty.score(i * STEP, v[i], Double.NaN)).isZero();
                    assertThat(dirty.score(i * STEP - 600, v[i], Double.NaN)).isZero();
                }
            }
        }
    }

    @Test
    void aConstantSeriesIsCalmUntilItChanges() {
        for (Supplier<AnomalyDetector> factory : all()) {
            AnomalyDetector d = factory.get();
            double max = 0;
            for (int i = 0; i < 2 * 288; i++) {
                max = Math.max(max, d.score(i * STEP, 42.0, Double.NaN));
            }
            assertThat(max).as(d.name()).isZero();
            assertThat(d.score(2 * 288 * STEP, 50.0, Double.NaN)).as(d.name()).isGreaterThan(0.5);
        }
    }

    @Test
    void aGapInTimeIsNoAnomalyByItself() {
        for (Supplier<AnomalyDetector> factory : all()) {
            AnomalyDetector d = factory.get();
            double[] v = wave(4 * 288, 4);
            double afterGap = 0;
            double max = 0;
            for (int i = 0; i < v.length; i++) {
                if (i >= 2 * 288 && i < 2 * 288 + 36) {
                    continue; // three hours missing
                }
                double s = d.score(i * STEP, v[i], Double.NaN);
                if (i == 2 * 288 + 36) {
                    afterGap = s;
                }
                max = i > 288 ? Math.max(max, s) : max;
            }
            assertThat(afterGap).as(d.name()).isLessThanOrEqualTo(Math.max(max, 0.5));
        }
    }

    @Test
    void onsetPassesAScoreOnOnlyWhenItTopsEveryScoreOfTheRefractoryPeriodBefore() {
        double[] raw = {0, 0.5, 0.6, 0.1, 0.1, 0.1, 0.1, 0.55, 0.58, 0.1};
        int[] at = {0};
        AnomalyDetector scripted = new AnomalyDetector() { // stands for any detector: the scores are the input here
            @Override
            public String name() {
                return "scripted";
            }

            @Override
            public double score(long epochSecond, double value, double predicted) {
                return raw[at[0]++];
            }
        };
        Onset onset = new Onset(scripted, Duration.ofMinutes(5)); // five points at one-minute steps
        double[] out = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = onset.score(60L * i, 1, Double.NaN);
        }
        // 0.55 at index 7 still sees the 0.6 of index 2 (five points back); 0.58 at index 8 no longer does
        assertThat(out).containsExactly(0, 0.5, 0.6, 0, 0, 0, 0, 0, 0.58, 0);
    }

    @Test
    void theEnsembleRanksAgreementAboveOneMemberAloneAndOneMemberIsItself() {
        AnomalyDetector[] fixed = new AnomalyDetector[3];
        double[] next = new double[3];
        for (int i = 0; i < 3; i++) {
            int member = i;
            fixed[i] = new AnomalyDetector() {
                @Override
                public String name() {
                    return "fixed" + member;
                }

                @Override
                public double score(long epochSecond, double value, double predicted) {
                    return next[member];
                }
            };
        }
        Ensemble ensemble = new Ensemble(List.of(fixed));
        next[0] = 0.95;
        double oneAlone = ensemble.score(1, 0, Double.NaN);
        next[0] = 0.9;
        next[1] = 0.9;
        double twoAgree = ensemble.score(2, 0, Double.NaN);
        next[0] = next[1] = next[2] = 0;
        double calm = ensemble.score(3, 0, Double.NaN);

        assertThat(twoAgree).isGreaterThan(oneAlone);
        assertThat(calm).isCloseTo(0, org.assertj.core.api.Assertions.within(1e-12));
        next[0] = 0.7;
        assertThat(new Ensemble(List.of(fixed[0])).score(4, 0, Double.NaN)).isCloseTo(0.7,
                org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void aNewExtremeIsJudgedAgainstItsMemoryOnlyAndForgetsOlderPeaks() {
        Extreme extreme = new Extreme(Duration.ofDays(30));
        Random random = new Random(9);
        long hour = 3600;
        double atDay10 = -1;
        double atDay40 = -1;
        for (int h = 0; h < 50 * 24; h++) {
            double v = 100 * random.nextDouble();
            if (h == 24) {
                v = 500; // a peak on day 1
            } else if (h == 10 * 24 || h == 40 * 24) {
                v = 400;
            }
            double s = extreme.score(h * hour, v, Double.NaN);
            if (h == 10 * 24) {
                atDay10 = s;
            } else if (h == 40 * 24) {
                atDay40 = s;
            }
        }
        assertThat(atDay10).as("under the day-1 peak, still remembered").isZero();
        assertThat(atDay40).as("the peak is 39 days old: 400 is three ranges above the last month's 0-100")
                .isGreaterThan(0.7);
    }
}
