package dev.prescale.forecast;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class MemoizedTest {

    @Test
    void theSameHistoryIsFittedOnceAndAChangedOneAgain() {
        AtomicInteger fits = new AtomicInteger();
        Forecaster counting = new Forecaster() {
            @Override
            public String name() {
                return "counting";
            }

            @Override
            public Forecast forecast(Series history, int horizon, double width) {
                fits.incrementAndGet();
                return new SeasonalNaive(96).forecast(history, horizon, width);
            }
        };
        Memoized memo = new Memoized(counting);
        Series series = ModelsTest.daily(5, 1);
        double[] changed = series.values();
        changed[changed.length - 1] += 1; // one late correction of the newest step

        Forecast first = memo.forecast(series.head(4 * 96), 96, 0.8);
        Forecast again = memo.forecast(ModelsTest.daily(5, 1).head(4 * 96), 96, 0.8); // equal, not the same object
        memo.forecast(series.head(4 * 96), 48, 0.8); // another horizon
        memo.forecast(new Series(series.start(), series.step(), changed), 96, 0.8);
        memo.forecast(series, 96, 0.8);

        assertThat(again).isSameAs(first);
        assertThat(fits.get()).as("first, other horizon, changed values, whole series").isEqualTo(4);
        assertThat(memo.name()).isEqualTo("counting");
    }
}
