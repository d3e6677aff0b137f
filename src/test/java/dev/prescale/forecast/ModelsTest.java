package dev.prescale.forecast;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ModelsTest {

    /** 96 steps a day, a daily wave on a rising trend, Gaussian noise of sd 3. */
    static Series daily(int days, long seed) {
        Random random = new Random(seed);
        double[] v = new double[96 * days];
        for (int i = 0; i < v.length; i++) {
            v[i] = truth(i) + 3 * random.nextGaussian();
        }
        return new Series(0, 900, v);
    }

    static double truth(int i) {
        return 100 + 0.05 * i + 30 * Math.sin(2 * Math.PI * i / 96);
    }

    @Test
    void seasonalNaiveRepeatsTheLastSeasonAndWidensEachSeasonAhead() {
        Random random = new Random(9);
        double[] v = new double[40];
        for (int i = 0; i < v.length; i++) {
            v[i] = 20 + (i % 4) * 10 + random.nextGaussian();
        }
        Forecast f = new SeasonalNaive(4).forecast(new Series(0, 60, v), 8, 0.8);

        assertThat(f.point()).containsExactly(v[36], v[37], v[38], v[39], v[36], v[37], v[38], v[39]);
        assertThat(f.upper()[4] - f.point()[4]).isGreaterThan(f.upper()[0] - f.point()[0]);
        assertThat(f.start()).isEqualTo(40 * 60);
    }

    @Test
    void holtWintersFollowsTrendAndSeasonBetterThanRepeatingTheLastDay() {
        Series history = daily(10, 1);
        // the trend persists, so the undamped model; a damped one (phi fitted to 0.87 here) flattens it by design
        Forecast hw = new HoltWinters(96, HoltWinters.Seasonality.ADDITIVE, false).forecast(history, 96, 0.8);
        Forecast naive = new SeasonalNaive(96).forecast(history, 96, 0.8);

        double hwError = 0;
        double naiveError = 0;
        for (int h = 0; h < 96; h++) {
            double actual = truth(history.size() + h);
            hwError += Math.abs(hw.point()[h] - actual);
            naiveError += Math.abs(naive.point()[h] - actual);
        }
        assertThat(hwError).isLessThan(0.6 * naiveError);
        assertThat(hwError / 96).isLessThan(4);
    }

    @Test
    void holtWintersIntervalsHoldTheNextStepAboutAsOftenAsAsked() {
        Series history = daily(20, 2);
        int inside = 0;
        int trials = 200;
        HoltWinters model = new HoltWinters(96, HoltWinters.Seasonality.ADDITIVE, true);
        for (int k = 0; k < trials; k++) {
            int origin = history.size() - trials + k;
            Forecast f = model.forecast(history.head(origin), 1, 0.8);
            double actual = history.at(origin);
            if (actual >= f.lower()[0] && actual <= f.upper()[0]) {
                inside++;
            }
        }
        assertThat(inside / (double) trials).isCloseTo(0.8, within(0.08));
    }

    @Test
    void badHistoriesAndHorizonsSayWhatWouldWork() {
        Series shortHistory = daily(1, 3);
        assertThatThrownBy(() -> new HoltWinters(96, HoltWinters.Seasonality.ADDITIVE, true)
                .forecast(shortHistory, 10, 0.8))
                .isInstanceOf(ForecastException.class)
                .hasMessageContaining("needs two seasons (192 steps").hasMessageContaining("had 96 steps");
        assertThatThrownBy(() -> new HoltWinters(96, HoltWinters.Seasonality.ADDITIVE, true)
                .forecast(daily(3, 3), 1000, 0.8))
                .hasMessageContaining("will not forecast 1000 steps from 288");
        assertThatThrownBy(() -> new SeasonalNaive(96).forecast(daily(1, 3).head(50), 10, 0.8))
                .hasMessageContaining("needs more than one season (96 steps)");
        assertThatThrownBy(() -> new SeasonalNaive(4).forecast(daily(2, 3), 10, 1.5))
                .hasMessageContaining("interval width 1.5");
    }

    @Test
    void backtestScoresEveryModelAndPicksTheBest() {
        Series series = daily(14, 4);
        List<Backtest.Row> rows = Backtest.run(series, List.of(new SeasonalNaive(96),
                new HoltWinters(96, HoltWinters.Seasonality.ADDITIVE, false),
                new HoltWinters(960, HoltWinters.Seasonality.ADDITIVE, true)), 96, 3, 96, 0.8);

        assertThat(rows).hasSize(3);
        // on a rising series repeating yesterday beats repeating last week: it is the reference, MASE 1
        assertThat(rows.get(0).mase()).isCloseTo(1.0, within(1e-9));
        assertThat(rows.get(1).mase()).isLessThan(rows.get(0).mase());
        assertThat(rows.get(2).ok()).isFalse(); // ten-day season, too little history
        assertThat(rows.get(2).error()).contains("needs two seasons");
        assertThat(Backtest.best(rows, 0.8)).hasValueSatisfying(r -> assertThat(r.model()).startsWith("holt-winters"));
        assertThat(Backtest.table(rows, 0.8)).contains("MASE").contains("cov80%").contains("cannot:");
    }

    @Test
    void aDivergingModelOrOneWorseThanSeasonalNaiveIsRefusedAndNeverBest() {
        Series series = daily(14, 6);
        Forecaster diverging = new Forecaster() { // Holt-Winters gone wrong: grows without bound
            public String name() {
                return "diverging";
            }

            public Forecast forecast(Series history, int horizon, double width) {
                double[] p = new double[horizon];
                for (int h = 0; h < horizon; h++) {
                    p[h] = 100 * Math.exp(h / 10.0);
                }
                return new Forecast(name(), 0, history.step(), p, p.clone(), p.clone(), width);
            }
        };
        Forecaster flat = new Forecaster() { // the mean, blind to the daily wave: plausible, but worse than naive
            public String name() {
                return "flat";
            }

            public Forecast forecast(Series history, int horizon, double width) {
                double[] p = new double[horizon];
                java.util.Arrays.fill(p, java.util.Arrays.stream(history.values()).average().orElse(0));
                return new Forecast(name(), 0, history.step(), p, p.clone(), p.clone(), width);
            }
        };
        List<Backtest.Row> rows = Backtest.run(series, List.of(diverging, flat, new SeasonalNaive(96)), 96, 3, 96,
                0.8);

        assertThat(rows.get(0).refused()).contains("against a history peak");
        assertThat(rows.get(1).refused()).contains("worse than seasonal-naive");
        assertThat(rows.get(2).usable()).isTrue();
        assertThat(Backtest.best(rows, 0.8)).hasValueSatisfying(r -> assertThat(r.model()).startsWith("seasonal"));
        assertThat(Backtest.table(rows, 0.8)).contains("REFUSED: a forecast of");
    }

    @Test
    void aConstantSeriesRanksItsExactModelsFirstInsteadOfThrowing() {
        double[] flat = new double[96 * 9];
        java.util.Arrays.fill(flat, 400);
        Series series = new Series(0, 900, flat);

        List<Backtest.Row> rows = Backtest.run(series, Backtest.standardModels(series), 96, 3, 96, 0.8);

        assertThat(rows).anySatisfy(r -> assertThat(r.usable()).isTrue());
        assertThat(Backtest.best(rows, 0.8)).hasValueSatisfying(r -> assertThat(r.mase()).isLessThan(0.01));
    }

    @Test
    void aTwoDayOutageMaskedForecastsAsIfItWereNotThere() {
        Series clean = daily(14, 7);
        double[] down = clean.values();
        java.util.Arrays.fill(down, 10 * 96, 12 * 96, 0); // the service was down for two days
        Series outage = new Series(clean.start(), clean.step(), down).outagesMasked();
        assertThat(outage.observed()).isEqualTo(clean.size() - 2 * 96);

        for (Forecaster model : List.of(new ProphetModel(), new HoltWinters(96, HoltWinters.Seasonality.ADDITIVE,
                false), new Calibrated(new SeasonalNaive(96)))) {
            double expected = java.util.Arrays.stream(model.forecast(clean, 96, 0.8).point()).sum();
            double masked = java.util.Arrays.stream(model.forecast(outage, 96, 0.8).point()).sum();
            double asZeros = java.util.Arrays.stream(model.forecast(new Series(clean.start(), clean.step(), down), 96,
                    0.8).point()).sum();
            assertThat(masked).as(model.name()).isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(10));
            System.out.printf("%s: a day ahead %.0f without the outage, %.0f with it masked, %.0f read as zeros%n",
                    model.name(), expected, masked, asZeros);
        }
    }

    @Test
    void zerosInAnIdleSeriesAreNotOutages() {
        double[] mostlyIdle = new double[200];
        mostlyIdle[50] = 3;
        mostlyIdle[150] = 4;
        Series idle = new Series(0, 60, mostlyIdle);
        assertThat(idle.outagesMasked()).isSameAs(idle);
        double[] blip = daily(2, 1).values();
        blip[40] = 0; // one zero step of 15 minutes: a quiet step, not an outage of two
        assertThat(new Series(0, 900, blip).outagesMasked().observed()).isEqualTo(blip.length);
    }

    @Test
    void multiplicativeHoltWintersForecastsTrafficThatIsZeroAtNight() {
        double[] v = new double[96 * 10];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(0, 200 * Math.sin(2 * Math.PI * ((i % 96) - 24) / 96.0)); // zero for half of every day
        }
        for (boolean damped : new boolean[]{false, true}) {
            Forecast f = new HoltWinters(96, HoltWinters.Seasonality.MULTIPLICATIVE, damped)
                    .forecast(new Series(0, 900, v), 96, 0.8);
            for (int h = 0; h < 96; h++) {
                assertThat(f.point()[h]).isFinite().isNotNegative();
                assertThat(f.point()[h]).as("step %d", h).isCloseTo(v[h], within(20.0));
                assertThat(f.lower()[h]).isLessThanOrEqualTo(f.point()[h]);
                assertThat(f.upper()[h]).isGreaterThanOrEqualTo(f.point()[h]);
            }
        }
    }
}
