package dev.prescale.forecast;

import dev.prescale.profile.RateTrace;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import dev.prescale.profile.ScheduledEvent;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProphetModelTest {

    static final long DAY = 86_400;

    /** Hourly counts: a daily cycle whose level grows 1%/day until day 20, then 4%/day; log-normal noise. */
    static Series trendChange(int days, long seed) {
        Random random = new Random(seed);
        double[] v = new double[24 * days];
        for (int i = 0; i < v.length; i++) {
            v[i] = truth(i) * Math.exp(0.1 * random.nextGaussian());
        }
        return new Series(0, 3600, v);
    }

    static double truth(int hour) {
        double day = hour / 24.0;
        double growth = day < 20 ? 0.01 * day : 0.2 + 0.04 * (day - 20);
        return 200 * Math.exp(growth) * (1 + 0.6 * Math.sin(2 * Math.PI * hour / 24));
    }

    @Test
    void followsTheDailyCycleAndTheLatestTrend() {
        Series history = trendChange(30, 1);
        ProphetModel model = new ProphetModel(ProphetModel.Options.DEFAULTS.withPeriods(DAY));

        Forecast f = model.forecast(history, 48, 0.8);

        double error = 0;
        for (int h = 0; h < 48; h++) {
            error += Math.abs(f.point()[h] - truth(history.size() + h)) / truth(history.size() + h);
        }
        assertThat(error / 48).as("mean relative error against the noiseless truth").isLessThan(0.06);
        assertThat(f.point()[6]).isGreaterThan(2 * f.point()[18]); // sin peaks at 06:00 and bottoms at 18:00
    }

    @Test
    void intervalsHoldTheActualsAboutAsOftenAsAsked() {
        Series series = trendChange(40, 2);
        int inside = 0;
        int total = 0;
        ProphetModel model = new ProphetModel(ProphetModel.Options.DEFAULTS.withPeriods(DAY));
        for (int origin = 24 * 30; origin < 24 * 40; origin += 48) {
            Forecast f = model.forecast(series.head(origin), 48, 0.8);
            for (int h = 0; h < 48; h++) {
                double actual = series.at(origin + h);
                inside += actual >= f.lower()[h] && actual <= f.upper()[h] ? 1 : 0;
                total++;
            }
        }
        assertThat(inside / (double) total).isCloseTo(0.8, within(0.1));
    }

    @Test
    void aRecurringEventLiftsItsNextOccurrenceAndNothingElse() {
        // hourly, 50 days; a "sale" doubles traffic from 10:00 to 22:00 on days 8, 22 and 36; the next is on day 50
        ZoneId zone = ZoneId.of("America/New_York");
        ZonedDateTime day0 = ZonedDateTime.of(2026, 1, 5, 0, 0, 0, 0, zone);
        List<ScheduledEvent> sales = new ArrayList<>();
        for (int day : new int[]{8, 22, 36, 50}) {
            sales.add(new ScheduledEvent("sale", day0.plusDays(day).withHour(10), Duration.ofHours(12), Double.NaN,
                    ""));
        }
        sales.add(new ScheduledEvent("launch", day0.plusDays(53).withHour(0), Duration.ofHours(6), 1.5,
                "never seen before: the business expects +50%"));
        Random random = new Random(11);
        long start = day0.toEpochSecond();
        double[] v = new double[24 * 50];
        for (int i = 0; i < v.length; i++) {
            long time = start + i * 3600L;
            boolean onSale = sales.stream().anyMatch(e -> e.name().equals("sale")
                    && time >= e.start().toEpochSecond() && time < e.end().toEpochSecond());
            v[i] = (onSale ? 2 : 1) * 300 * (1 + 0.5 * Math.sin(2 * Math.PI * i / 24))
                    * Math.exp(0.05 * random.nextGaussian());
        }
        ProphetModel model = new ProphetModel(ProphetModel.Options.DEFAULTS.withPeriods(DAY).withEvents(sales));

        Forecast f = model.forecast(new Series(start, 3600, v), 24 * 5, 0.8);

        double liftOnSale = f.point()[hour(0, 14)] / f.point()[hour(1, 14)];
        double noLiftElsewhere = f.point()[hour(1, 14)] / f.point()[hour(4, 14)];
        assertThat(liftOnSale).as("day 50 (sale) against day 51, at 14:00").isCloseTo(2.0, within(0.25));
        assertThat(noLiftElsewhere).as("day 51 against day 54, at 14:00").isCloseTo(1.0, within(0.1));
        double liftAtLaunch = f.point()[hour(3, 3)] / f.point()[hour(2, 3)];
        assertThat(liftAtLaunch).as("the unseen launch carries its expected +50%").isCloseTo(1.5, within(0.1));
    }

    /** Index, in a forecast starting at midnight of day 50, of {@code hour} o'clock on day 50 + {@code day}. */
    private static int hour(int day, int hour) {
        return 24 * day + hour;
    }

    @Test
    void gapsAreSkippedNotFatal() {
        double[] v = trendChange(30, 3).values();
        for (int i = 24 * 10; i < 24 * 14; i++) {
            v[i] = Double.NaN; // four days missing, like the NASA trace's outage
        }
        Forecast f = new ProphetModel(ProphetModel.Options.DEFAULTS.withPeriods(DAY))
                .forecast(new Series(0, 3600, v), 24, 0.8);

        assertThat(java.util.Arrays.stream(f.point()).boxed().toList()).allMatch(p -> Double.isFinite(p) && p > 0);
    }

    @Test
    void outliersNeitherBendTheForecastNorWidenTheInterval() {
        Series clean = trendChange(30, 5);
        double[] v = clean.values();
        Random random = new Random(6);
        for (int k = 0; k < 15; k++) {
            int i = random.nextInt(v.length);
            v[i] = k % 3 == 0 ? 0 : v[i] * 10; // outage hours and bot bursts
        }
        ProphetModel model = new ProphetModel(ProphetModel.Options.DEFAULTS.withPeriods(DAY));

        Forecast fromClean = model.forecast(clean, 48, 0.8);
        Forecast fromDirty = model.forecast(new Series(0, 3600, v), 48, 0.8);

        double error = 0;
        double widthClean = 0;
        double widthDirty = 0;
        for (int h = 0; h < 48; h++) {
            error += Math.abs(fromDirty.point()[h] - truth(clean.size() + h)) / truth(clean.size() + h);
            widthClean += fromClean.upper()[h] - fromClean.lower()[h];
            widthDirty += fromDirty.upper()[h] - fromDirty.lower()[h];
        }
        assertThat(error / 48).as("mean relative error against the noiseless truth").isLessThan(0.04);
        assertThat(widthDirty / widthClean).as("interval width, dirty over clean").isLessThan(1.25);
    }

    @Test
    void badInputSaysWhatWouldWork() {
        assertThatThrownBy(() -> new ProphetModel().forecast(new Series(0, 60, new double[30]), 5, 0.8))
                .isInstanceOf(ForecastException.class).hasMessageContaining("needs at least 50 observed values");
        assertThatThrownBy(() -> new ProphetModel().forecast(new Series(0, 60, new double[200]), 5, 0.8))
                .hasMessageContaining("all zeros");
        assertThatThrownBy(() -> new ProphetModel().forecast(trendChange(5, 4), 500, 0.8))
                .hasMessageContaining("will not forecast 500 steps from 120");
    }

    @Test
    void nasaLastWeekBeatsRepeatingTheLastDay() {
        Path nasa = Path.of("../shared/data/traces/nasa-kennedy-jul1995-per-minute.csv");
        assumeTrue(Files.exists(nasa), "shared data folder ../shared/data is absent");
        Series series = Series.fromTrace(RateTrace.read(nasa, "file"));
        int lastWeek = series.size() - 3 * 10_080;

        List<Backtest.Row> rows = Backtest.run(series, List.of(new ProphetModel(), new SeasonalNaive(1440)),
                lastWeek, 1, 1440, 0.8);

        System.out.print("NASA July 1995, fit 3 weeks, forecast the rest:\n" + Backtest.table(rows, 0.8));
        assertThat(rows.get(0).mase()).isLessThan(rows.get(1).mase());
    }
}
