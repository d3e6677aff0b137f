package dev.prescale.forecast;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LearnedForecasterTest {

    /** 96 steps a day, starting on a Monday: a daily wave, quieter weekends, Poisson-like noise, zero at night. */
    static double[] traffic(int days, long seed) {
        Random random = new Random(seed);
        double[] v = new double[96 * days];
        for (int i = 0; i < v.length; i++) {
            double rate = Math.max(0, 200 * Math.sin(2 * Math.PI * ((i % 96) - 24) / 96.0))
                    * ((i / 96) % 7 >= 5 ? 0.6 : 1);
            v[i] = Math.max(0, Math.round(rate + Math.sqrt(rate) * random.nextGaussian()));
        }
        return v;
    }

    static final long MONDAY = 1_785_110_400L; // 2026-07-27T00:00:00Z

    static double meanAbsoluteError(Forecast f, double[] actual, int from) {
        double sum = 0;
        for (int h = 0; h < f.horizon(); h++) {
            sum += Math.abs(f.point()[h] - actual[from + h]);
        }
        return sum / f.horizon();
    }

    @Test
    void learnsTheWeekAndBeatsRepeatingYesterdayOnAMonday() {
        double[] v = traffic(29, 1);
        int origin = 28 * 96; // a Monday: yesterday was a quiet Sunday
        Series history = new Series(MONDAY, 900, Arrays.copyOf(v, origin));

        Forecast forest = new LearnedForecaster().forecast(history, 96, 0.8);
        Forecast yesterday = new SeasonalNaive(96).forecast(history, 96, 0.8);

        assertThat(meanAbsoluteError(forest, v, origin)).isLessThan(0.6 * meanAbsoluteError(yesterday, v, origin));
        int inside = 0;
        for (int h = 0; h < 96; h++) {
            inside += v[origin + h] >= forest.lower()[h] && v[origin + h] <= forest.upper()[h] ? 1 : 0;
            assertThat(forest.lower()[h]).isLessThanOrEqualTo(forest.point()[h]);
            assertThat(forest.upper()[h]).isGreaterThanOrEqualTo(forest.point()[h]);
        }
        assertThat(inside).as("an 80%% interval holds for most of the day").isBetween(60, 96);
    }

    @Test
    void aTwoDayOutageMarkedMissingForecastsAsIfItWereNotThere() {
        double[] v = traffic(29, 2);
        int origin = 28 * 96 + 40;
        double[] gapped = Arrays.copyOf(v, origin);
        Arrays.fill(gapped, origin - 2 * 96 - 20, origin - 20, Double.NaN); // down for two days until 5 hours ago
        Forecast clean = new LearnedForecaster().forecast(new Series(MONDAY, 900, Arrays.copyOf(v, origin)), 96, 0.8);
        Forecast outage = new LearnedForecaster().forecast(new Series(MONDAY, 900, gapped), 96, 0.8);

        double total = Arrays.stream(clean.point()).sum();
        assertThat(Arrays.stream(outage.point()).sum()).isCloseTo(total,
                org.assertj.core.data.Percentage.withPercentage(10));
        assertThat(Arrays.stream(outage.point()).allMatch(p -> Double.isFinite(p) && p >= 0)).isTrue();
    }

    @Test
    void tooLittleHistoryOrAStepThatDoesNotDivideADaySaysWhatWouldDo() {
        assertThatThrownBy(() -> new LearnedForecaster().forecast(new Series(MONDAY, 900, traffic(1, 3)), 96, 0.8))
                .isInstanceOf(ForecastException.class).hasMessageContaining("two days plus two horizons");
        assertThatThrownBy(() -> new LearnedForecaster().forecast(new Series(MONDAY, 7 * 60, traffic(20, 3)), 10,
                0.8)).isInstanceOf(ForecastException.class).hasMessageContaining("divides a day");
        double[] silent = new double[96 * 5];
        assertThatThrownBy(() -> new LearnedForecaster().forecast(new Series(MONDAY, 900, silent), 96, 0.8))
                .isInstanceOf(ForecastException.class).hasMessageContaining("positive history");
    }
}
