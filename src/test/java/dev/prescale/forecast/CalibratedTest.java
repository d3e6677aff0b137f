package dev.prescale.forecast;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CalibratedTest {

    @Test
    void widensIntervalsThatIgnoreAMissedTrend() {
        // seasonal-naive repeats last day's level; a week ahead on a rising series its interval holds too little
        Series series = ModelsTest.daily(40, 12);
        Forecaster naive = new SeasonalNaive(96);

        List<Backtest.Row> rows = Backtest.run(series, List.of(naive, new Calibrated(naive)), 7 * 96, 2, 96, 0.8);

        System.out.print(Backtest.table(rows, 0.8));
        assertThat(rows.get(0).coverage()).isLessThan(0.5);
        assertThat(rows.get(1).coverage()).isCloseTo(0.8, within(0.1));
        assertThat(rows.get(1).mase()).as("calibration leaves the point forecast alone")
                .isEqualTo(rows.get(0).mase());
    }

    @Test
    void keepsAWellCalibratedModelNearTheAskedCoverage() {
        Series series = ModelsTest.daily(40, 12);
        Forecaster holtWinters = new HoltWinters(96, HoltWinters.Seasonality.ADDITIVE, false);

        List<Backtest.Row> rows = Backtest.run(series, List.of(new Calibrated(holtWinters)), 96, 8, 96, 0.8);

        assertThat(rows.get(0).coverage()).isCloseTo(0.8, within(0.08));
    }

    @Test
    void needsTwiceTheHorizonOfHistory() {
        assertThatThrownBy(() -> new Calibrated(new SeasonalNaive(4)).forecast(ModelsTest.daily(1, 1), 50, 0.8))
                .isInstanceOf(ForecastException.class).hasMessageContaining("at least twice the horizon (100 steps)");
    }
}
