package dev.prescale.forecast;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class QuantilesTest {

    /** Forecasts 20 days of the rising daily wave from their own past, one day at a time, and counts the hits. */
    @Test
    void stepAndBusiestQuantilesHoldAboutAsOftenAsTheirLevelOnDaysTheyWereNotCalibratedOn() {
        Series series = ModelsTest.daily(40, 7);
        ConformalQuantiles quantiles = new ConformalQuantiles(new HoltWinters(96, HoltWinters.Seasonality.ADDITIVE,
                false), 2);
        int inside80 = 0;
        int steps = 0;
        int[] busiestUnder = new int[3];
        double[] levels = {0.8, 0.9, 0.95};
        int windows = 0;
        for (int day = 20; day < 40; day++) {
            QuantileForecast q = quantiles.quantiles(series.head(day * 96), 96, 8);
            for (int h = 0; h < 96; h++) {
                double y = series.at(day * 96 + h);
                inside80 += y >= q.step(0.1, h) && y <= q.step(0.9, h) ? 1 : 0;
                steps++;
                for (double level : ConformalQuantiles.LEVELS) {
                    if (level < 0.95) { // the levels are ordered, step by step
                        assertThat(q.step(level, h)).isLessThanOrEqualTo(q.step(next(level), h));
                    }
                }
            }
            for (int w = 0; w < q.windows(); w++) {
                double busiest = Double.NEGATIVE_INFINITY;
                double stepQuantile = Double.NEGATIVE_INFINITY;
                for (int h = 8 * w; h < 8 * w + 8; h++) {
                    busiest = Math.max(busiest, series.at(day * 96 + h));
                    stepQuantile = Math.max(stepQuantile, q.step(0.9, h));
                }
                windows++;
                for (int l = 0; l < levels.length; l++) {
                    busiestUnder[l] += busiest <= q.busiest(levels[l], w) ? 1 : 0;
                }
                assertThat(q.busiest(0.9, w)).as("the busiest of eight steps lies above one step's quantile")
                        .isGreaterThanOrEqualTo(stepQuantile - 3);
            }
        }
        System.out.printf("80%% interval held %d of %d steps; busiest under q80/q90/q95 in %d/%d/%d of %d windows%n",
                inside80, steps, busiestUnder[0], busiestUnder[1], busiestUnder[2], windows);
        assertThat(inside80 / (double) steps).isCloseTo(0.8, within(0.05));
        for (int l = 0; l < levels.length; l++) {
            assertThat(busiestUnder[l] / (double) windows).as("busiest under q" + levels[l])
                    .isCloseTo(levels[l], within(0.06));
        }
    }

    private static double next(double level) {
        for (double l : ConformalQuantiles.LEVELS) {
            if (l > level + 1e-9) {
                return l;
            }
        }
        throw new AssertionError();
    }

    @Test
    void asAForecasterItGivesTheAskedCentralIntervalAroundTheMedian() {
        Series series = ModelsTest.daily(20, 3);
        Forecast f = new ConformalQuantiles(new SeasonalNaive(96), 2).forecast(series, 96, 0.6);

        assertThat(f.intervalWidth()).isEqualTo(0.6);
        for (int h = 0; h < f.horizon(); h++) {
            assertThat(f.lower()[h]).isLessThanOrEqualTo(f.point()[h]);
            assertThat(f.upper()[h]).isGreaterThanOrEqualTo(f.point()[h]);
        }
        assertThat(f.model()).isEqualTo("seasonal-naive(96)+quantiles");
    }

    @Test
    void tooLittleHistoryForItsHeldOutHorizonsSaysHowMuchIsNeeded() {
        assertThatThrownBy(() -> new ConformalQuantiles(new SeasonalNaive(96), 2).quantiles(ModelsTest.daily(2, 1),
                96, 8)).isInstanceOf(ForecastException.class).hasMessageContaining("needs 288 steps");
        QuantileForecast q = new ConformalQuantiles(new SeasonalNaive(96), 1).quantiles(ModelsTest.daily(4, 1), 96,
                8);
        assertThatThrownBy(() -> q.step(0.33, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no quantile 0.33");
    }

    @Test
    void theMedianOutvotesADivergingMemberAndSkipsOneThatCannotForecast() {
        Series series = ModelsTest.daily(14, 5);
        Forecaster diverging = new Forecaster() {
            @Override
            public String name() {
                return "diverging";
            }

            @Override
            public Forecast forecast(Series history, int horizon, double width) {
                double[] p = new double[horizon];
                for (int h = 0; h < horizon; h++) {
                    p[h] = 1000 * (h + 1);
                }
                return new Forecast(name(), 0, history.step(), p, p.clone(), p.clone(), width);
            }
        };
        Forecaster needsAMonth = new HoltWinters(96 * 30, HoltWinters.Seasonality.ADDITIVE, false);
        Combined median = new Combined(List.of(new SeasonalNaive(96), diverging, needsAMonth,
                new HoltWinters(96, HoltWinters.Seasonality.ADDITIVE, false)));

        List<Backtest.Row> rows = Backtest.run(series, List.of(median), 96, 3, 96, 0.8);

        assertThat(rows.get(0).usable()).as(Backtest.table(rows, 0.8)).isTrue();
        assertThat(rows.get(0).mase()).isLessThan(1.2);
        assertThatThrownBy(() -> new Combined(List.of(needsAMonth, new SeasonalNaive(96))).forecast(series, 96, 0.8))
                .isInstanceOf(ForecastException.class).hasMessageContaining("needs two seasons");
    }
}
