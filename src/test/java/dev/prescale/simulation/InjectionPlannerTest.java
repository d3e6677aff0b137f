package dev.prescale.simulation;

import dev.prescale.profile.ExpressionPattern;
import dev.prescale.profile.LoadPattern;
import dev.prescale.profile.LoadProfile;
import dev.prescale.profile.Priority;
import dev.prescale.profile.ProfileException;
import dev.prescale.profile.RateTrace;
import dev.prescale.profile.ReplayPattern;
import dev.prescale.profile.ResourceType;
import dev.prescale.profile.Slo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class InjectionPlannerTest {

    static LoadProfile profile(LoadPattern pattern, Duration duration, double scalingFactor) {
        return new LoadProfile("p", ResourceType.CPU, pattern, duration, scalingFactor, Priority.BUSINESS, List.of(),
                Slo.NONE);
    }

    static Stream<LoadProfile> curves() {
        double[] counts = new double[180];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = 300 + 2000 * Math.exp(-Math.abs(i - 60) / 15.0) + (i * 37 % 11);
        }
        RateTrace trace = RateTrace.of(Instant.parse("2026-11-27T09:00:00Z"), 60, counts);
        return Stream.of(
                profile(new LoadPattern.Constant(12.5), Duration.ofMinutes(10), 1),
                profile(new LoadPattern.LinearIncrease(0, 37), Duration.ofHours(6), 1),
                profile(new LoadPattern.PeakValley(Duration.ofHours(24), 80, 8, Duration.ofHours(14)),
                        Duration.ofHours(24), 1.7),
                profile(new ExpressionPattern("20 + 35*(1 - cos(2*pi*t/86400)) + if(t > 28800, "
                        + "40*e^(-(t - 28800)/5400), 0)"), Duration.ofHours(24), 1),
                profile(new ReplayPattern(trace, null, 60, null, null), Duration.ofMinutes(3), 1));
    }

    @ParameterizedTest
    @MethodSource("curves")
    void gatlingSchedulesTheProfileIntegral_withinOneUser(LoadProfile profile) {
        InjectionOptions options = InjectionOptions.DEFAULTS.withTimeCompression(profile.durationSeconds() / 120);
        InjectionPlan plan = InjectionPlanner.plan(profile, options);

        long scheduled = GatlingSchedule.totalUsers(Prescale.injection(plan), plan.runSeconds());

        double integral = profile.totalRequests() / plan.timeCompression();
        assertThat(plan.runSeconds()).isEqualTo(120);
        assertThat(plan.expectedRequests()).isCloseTo(integral, within(1e-6 * integral + 1e-6));
        assertThat(plan.plannedUsers()).isEqualTo(Math.round(integral));
        assertThat((double) scheduled).isCloseTo(integral, within(1.0));
    }

    @ParameterizedTest
    @MethodSource("curves")
    void followsTheCurveSecondBySecond(LoadProfile profile) {
        InjectionOptions options = InjectionOptions.DEFAULTS.withTimeCompression(profile.durationSeconds() / 120);
        InjectionPlan plan = InjectionPlanner.plan(profile, options);

        long[] perSecond = GatlingSchedule.usersPerSecond(Prescale.injection(plan), plan.runSeconds());

        // over every 10-second window, Gatling injects what the profile asks for there, within 3% of the peak + 1 user
        for (int from = 0; from + 10 <= plan.runSeconds(); from += 10) {
            long injected = 0;
            for (int s = from; s < from + 10; s++) {
                injected += perSecond[s];
            }
            double wanted = profile.requestsBetween(from * plan.timeCompression(), (from + 10) * plan.timeCompression())
                    / plan.timeCompression();
            assertThat((double) injected).as("users in seconds %d..%d", from, from + 10)
                    .isCloseTo(wanted, within(0.03 * plan.peakRate() * 10 + 1));
        }
    }

    @Test
    void keepsRatesWhenCompressingTime() {
        LoadProfile daily = profile(new LoadPattern.PeakValley(Duration.ofHours(24), 80, 8, Duration.ofHours(14)),
                Duration.ofHours(24), 1);

        InjectionPlan plan = InjectionPlanner.plan(daily, InjectionOptions.DEFAULTS.withTimeCompression(1440));

        assertThat(plan.runSeconds()).isEqualTo(60);
        assertThat(plan.peakRate()).isCloseTo(80, within(0.5));
        assertThat(plan.expectedRequests()).isCloseTo(44 * 60, within(1e-6));
    }

    @Test
    void constantProfileIsOneStep() {
        InjectionPlan plan = InjectionPlanner.plan(profile(new LoadPattern.Constant(7), Duration.ofHours(1), 1),
                InjectionOptions.DEFAULTS);

        assertThat(plan.steps()).singleElement().satisfies(step -> {
            assertThat(step.isConstant()).isTrue();
            assertThat(step.seconds()).isEqualTo(3600);
            assertThat(step.users()).isEqualTo(7 * 3600);
        });
    }

    @Test
    void zeroRateInjectsNobodyAndStillLastsTheRun() {
        InjectionPlan plan = InjectionPlanner.plan(profile(new LoadPattern.Constant(0), Duration.ofMinutes(2), 1),
                InjectionOptions.DEFAULTS);

        assertThat(plan.plannedUsers()).isZero();
        assertThat(plan.steps()).allMatch(InjectionPlan.Step::isIdle);
        assertThat(plan.steps().stream().mapToInt(InjectionPlan.Step::seconds).sum()).isEqualTo(120);
        assertThat(GatlingSchedule.totalUsers(Prescale.injection(plan), plan.runSeconds())).isZero();
    }

    @Test
    void zeroScalingFactorOrIntensityInjectsNobody() {
        LoadProfile daily = profile(new LoadPattern.Constant(50), Duration.ofMinutes(1), 0);
        assertThat(InjectionPlanner.plan(daily, InjectionOptions.DEFAULTS).plannedUsers()).isZero();
        assertThat(InjectionPlanner.plan(daily.withScalingFactor(1), InjectionOptions.DEFAULTS.withIntensity(0))
                .plannedUsers()).isZero();
    }

    @Test
    void subSecondRunBecomesOneSecondAndKeepsItsUsers() {
        // 30 s at 10/s compressed 100x: 0.3 s of run, 3 users; Gatling injects in whole seconds
        InjectionPlan plan = InjectionPlanner.plan(profile(new LoadPattern.Constant(10), Duration.ofSeconds(30), 1),
                InjectionOptions.DEFAULTS.withTimeCompression(100));

        assertThat(plan.runSeconds()).isEqualTo(1);
        assertThat(plan.plannedUsers()).isEqualTo(3);
        assertThat(GatlingSchedule.totalUsers(Prescale.injection(plan), 1)).isEqualTo(3);
    }

    @Test
    void monthLongProfileStaysWithinTheStepBudget() {
        LoadProfile month = profile(new LoadPattern.PeakValley(Duration.ofDays(1), 40, 4, Duration.ZERO),
                Duration.ofDays(30), 1);

        InjectionPlan plan = InjectionPlanner.plan(month, InjectionOptions.DEFAULTS);

        assertThat(plan.runSeconds()).isEqualTo(30 * 86_400);
        assertThat(plan.steps()).hasSizeLessThanOrEqualTo(InjectionOptions.DEFAULT_MAX_STEPS);
        assertThat((double) plan.plannedUsers()).isCloseTo(22.0 * 30 * 86_400, within(1.0));
    }

    @Test
    void refusesARunLongerThanAMonth() {
        LoadProfile year = profile(new LoadPattern.Constant(1), Duration.ofDays(365), 1);

        assertThatThrownBy(() -> InjectionPlanner.plan(year, InjectionOptions.DEFAULTS))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("profile 'p', field 'duration'")
                .hasMessageContaining("raise the time compression");
    }

    @Test
    void hugeScalingFactorWithinTheInjectorLimitIsExact() {
        LoadProfile big = profile(new LoadPattern.PeakValley(Duration.ofMinutes(1), 1, 0.2, Duration.ZERO),
                Duration.ofMinutes(1), 40_000);

        InjectionPlan plan = InjectionPlanner.plan(big, InjectionOptions.DEFAULTS);

        assertThat(plan.peakRate()).isCloseTo(40_000, within(1.0));
        assertThat((double) GatlingSchedule.totalUsers(Prescale.injection(plan), plan.runSeconds()))
                .isCloseTo(big.totalRequests(), within(1.0));
    }

    @Test
    void hugeScalingFactorBeyondTheInjectorLimitIsRefusedWithTheFix() {
        LoadProfile huge = profile(new LoadPattern.Constant(120), Duration.ofMinutes(1), 1e9);

        assertThatThrownBy(() -> InjectionPlanner.plan(huge, InjectionOptions.DEFAULTS))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("profile 'p', field 'scalingFactor'")
                .hasMessageContaining("1.200e+11 requests/s")
                .hasMessageContaining("Fix: lower scalingFactor or intensity");
    }

    @Test
    void expressionNegativeSomewhereInTheRunIsNamed() {
        LoadProfile dips = profile(new ExpressionPattern("10 - t/30"), Duration.ofMinutes(10), 1);

        assertThatThrownBy(() -> InjectionPlanner.plan(dips, InjectionOptions.DEFAULTS))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("profile 'p', field 'pattern.expression'")
                .hasMessageContaining("requests/s at t=")
                .hasMessageContaining("max(0, ...)");
    }

    @Test
    void intensityScalesTheRate() {
        LoadProfile steady = profile(new LoadPattern.Constant(10), Duration.ofMinutes(1), 2);

        InjectionPlan plan = InjectionPlanner.plan(steady, InjectionOptions.DEFAULTS.withIntensity(1.5));

        assertThat(plan.plannedUsers()).isEqualTo(30 * 60);
    }
}
