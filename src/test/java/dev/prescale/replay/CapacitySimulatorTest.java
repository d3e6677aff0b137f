package dev.prescale.replay;

import dev.prescale.forecast.SeasonalNaive;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class CapacitySimulatorTest {

    static final ReplaySettings SETTINGS = new ReplaySettings(1.0, 0.7, 0.9, 5, 2, 1, 100);

    /** A day of minutes: quiet nights at 3 req/s, a steep morning ramp to 30 req/s by 09:00, evening decline. */
    static double[] days(int count) {
        double[] rps = new double[1440 * count];
        for (int i = 0; i < rps.length; i++) {
            int minute = i % 1440;
            double hour = minute / 60.0;
            rps[i] = hour < 7 ? 3 : hour < 9 ? 3 + 27 * (hour - 7) / 2 : hour < 18 ? 30 : hour < 22
                    ? 30 - 27 * (hour - 18) / 4 : 3;
        }
        return rps;
    }

    @Test
    void instanceHoursCountEveryInstanceFromLaunch() {
        double[] flat = new double[600];
        Arrays.fill(flat, 2.0);
        ReplayPolicy fixed = fixed(4);

        CapacitySimulator.Result r = CapacitySimulator.run(flat, 0, SETTINGS, fixed);

        assertThat(r.instanceHours()).isEqualTo(4 * 600 / 60.0);
        assertThat(r.violationMinutes()).isZero();
    }

    @Test
    void theOracleNeverViolatesAndReactiveLagsTheMorningRamp() {
        double[] rps = days(3);

        CapacitySimulator.Result oracle = CapacitySimulator.run(rps, 1440, SETTINGS, new Oracle(rps));
        CapacitySimulator.Result reactive = CapacitySimulator.run(rps, 1440, SETTINGS, new TargetTracking(0.7));

        assertThat(oracle.violationMinutes()).isZero();
        assertThat(reactive.violationMinutes()).as("metric lag and warm-up during the ramp").isPositive();
        assertThat(reactive.instanceHours()).isGreaterThan(oracle.instanceHours() * 0.9);
    }

    @Test
    void aForecastOfTheRepeatingDayScalesAheadOfTheRamp() {
        double[] rps = days(4);

        CapacitySimulator.Result reactive = CapacitySimulator.run(rps, 2 * 1440, SETTINGS, new TargetTracking(0.7));
        CapacitySimulator.Result predictive = CapacitySimulator.run(rps, 2 * 1440, SETTINGS, new Predictive(
                Predictive.Settings.defaults(new SeasonalNaive(96), 0.7), Instant.parse("2026-01-05T00:00:00Z")));

        System.out.println(reactive + "\n" + predictive);
        assertThat(predictive.violationMinutes()).isLessThan(reactive.violationMinutes() / 4);
    }

    @Test
    void aPredictiveRowBeatsOnlyTheReactiveRowsItMatchesOnViolationsAndUndercutsOnCost() {
        PolicyReplay.Report report = new PolicyReplay.Report("t", SETTINGS, 0, java.util.List.of(
                row("reactive", 0.5, "reactive target tracking @50%", 20, 50.0),
                row("reactive", 0.7, "reactive target tracking @70%", 60, 35.0),
                row("predictive", 0.7, "prescale predictive @70% (m)", 15, 40.0),
                row("predictive", 0.8, "prescale predictive @80% (m)", 61, 30.0),
                row("oracle", Double.NaN, "oracle", 0, 30.0)), 0, null);

        assertThat(report.comparisons()).containsExactly(
                "prescale predictive @70% (m) beats reactive target tracking @50% (15 <= 20 violation-min, "
                        + "40.0 < 50.0 instance-h)",
                "prescale predictive @80% (m) beats no reactive setting on both counts");
        assertThat(report.table()).contains("beats reactive target tracking @50%");
        assertThat(report.json()).contains("\"policy\":\"predictive\",\"target\":0.7,\"violationMinutes\":15")
                .contains("\"policy\":\"oracle\",\"target\":null");
    }

    /** A policy that always wants {@code instances}. */
    static ReplayPolicy fixed(int instances) {
        return new ReplayPolicy() {
            @Override
            public String name() {
                return "fixed " + instances;
            }

            @Override
            public int desired(FleetView view) {
                return instances;
            }
        };
    }

    static PolicyReplay.Row row(String kind, double target, String name, int violations, double hours) {
        return new PolicyReplay.Row(kind, target, Double.NaN, false, new CapacitySimulator.Result(name, 100, violations, hours, 9));
    }

    @Test
    void theHybridTakesTheHigherOfItsFloorAndTargetTracking() {
        double[] rps = days(4);
        ReplayPolicy floorOfFive = fixed(5);
        CapacitySimulator.Result reactive = CapacitySimulator.run(rps, 2 * 1440, SETTINGS, new TargetTracking(0.7));
        CapacitySimulator.Result hybrid = CapacitySimulator.run(rps, 2 * 1440, SETTINGS,
                new Hybrid(floorOfFive, new TargetTracking(0.7)));
        CapacitySimulator.Result floorOnly = CapacitySimulator.run(rps, 2 * 1440, SETTINGS, floorOfFive);

        // never below the floor, and above it wherever target tracking wants more: at least either alone costs
        assertThat(hybrid.instanceHours()).isGreaterThanOrEqualTo(floorOnly.instanceHours())
                .isGreaterThanOrEqualTo(reactive.instanceHours() * 0.95);
        assertThat(hybrid.violationMinutes()).isLessThanOrEqualTo(reactive.violationMinutes());
        assertThat(hybrid.violationMinutes()).isLessThan(floorOnly.violationMinutes());
    }

    @Test
    void theMinutePeakPolicyCarriesTheBusyMinutesAFifteenMinuteMeanMisses() {
        double[] rps = days(4);
        for (int i = 0; i < rps.length; i++) {
            rps[i] *= i % 15 == 7 ? 2.0 : 0.93; // one busy minute in every quarter-hour, the same mean
        }
        Instant epoch = Instant.parse("2026-01-05T00:00:00Z");
        CapacitySimulator.Result mean = CapacitySimulator.run(rps, 2 * 1440, SETTINGS, new Predictive(
                Predictive.Settings.defaults(new SeasonalNaive(96), 0.7), epoch));
        CapacitySimulator.Result peak = CapacitySimulator.run(rps, 2 * 1440, SETTINGS, new PeakReplay(0.99, SETTINGS,
                60));

        System.out.println(mean + "\n" + peak);
        assertThat(peak.violationMinutes()).isLessThan(mean.violationMinutes() / 4);
        assertThat(peak.instanceHours()).isGreaterThan(mean.instanceHours()); // the peaks are paid for
    }

    @Test
    void targetTrackingRejectsATargetOutsideZeroToOne() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TargetTracking(70))
                .hasMessageContaining("between 0 and 1").hasMessageContaining("70");
    }

    @Test
    void theDefaultIsTheCheapestWithinTheBudgetAndNeverBuysItAtAnyPrice() {
        // 100 minutes: the budget (0.1%) allows no violation; oracle-5m costs 30 instance-hours, the cap 60
        java.util.function.Function<java.util.List<PolicyReplay.Row>, PolicyReplay.Setting> choose = rows ->
                PolicyReplay.choose(new PolicyReplay.Report("t", SETTINGS, 0, rows, 0, null));
        PolicyReplay.Row o5 = row("oracle-5m", Double.NaN, "oracle-5m", 0, 30.0);
        PolicyReplay.Row reactive = row("reactive", 0.5, "reactive", 0, 31.0); // never recommended
        PolicyReplay.Row cheapSafe = peak(0.99, 0, 45.0);
        PolicyReplay.Row dearSafe = peak(0.998, 0, 55.0);
        PolicyReplay.Row cheapLeaky = peak(0.95, 4, 35.0);
        assertThat(choose.apply(java.util.List.of(reactive, cheapLeaky, dearSafe, cheapSafe, o5)))
                .isEqualTo(cheapSafe.setting());

        // the budget costs more than the cap: the fewest violations the cap buys, not the budget at any price
        PolicyReplay.Row priceless = peak(0.998, 0, 900.0);
        PolicyReplay.Row capped = peak(0.99, 2, 58.0);
        assertThat(choose.apply(java.util.List.of(cheapLeaky, priceless, capped, o5))).isEqualTo(capped.setting());

        // every row above the cap: the cheapest
        assertThat(choose.apply(java.util.List.of(priceless, peak(0.995, 3, 700.0), o5)))
                .isEqualTo(new PolicyReplay.Setting("minute-peak", Double.NaN, 0.995));
    }

    static PolicyReplay.Row peak(double quantile, int violations, double hours) {
        return new PolicyReplay.Row("minute-peak", Double.NaN, quantile, false, new CapacitySimulator.Result(
                "minute-peak q" + quantile, 100, violations, hours, 9));
    }
}
