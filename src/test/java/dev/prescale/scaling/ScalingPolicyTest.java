package dev.prescale.scaling;

import dev.prescale.capacity.CapacityModel;
import dev.prescale.forecast.Forecast;
import dev.prescale.profile.Priority;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScalingPolicyTest {

    static final Instant NOW = Instant.parse("2026-11-27T06:00:00Z");
    /** utilization = 0.05 + 0.01 x req/s per instance, no spread: 65 req/s per instance reach 70%. */
    static final CapacityModel MODEL = new CapacityModel(0.05, 0.01, 0);

    /** A forecast of 12 five-minute steps from NOW whose upper bound is {@code upperRps} req/s at each step. */
    static Forecast forecast(double... upperRps) {
        double[] upper = new double[upperRps.length];
        double[] point = new double[upperRps.length];
        for (int i = 0; i < upper.length; i++) {
            upper[i] = upperRps[i] * 300;
            point[i] = upper[i] * 0.8;
        }
        return new Forecast("test", NOW.getEpochSecond(), 300, point, point.clone(), upper, 0.8);
    }

    static ScalingInputs inputs(int desired, Forecast f, double surge, Priority priority,
                                List<ScalingInputs.Observation> observed) {
        return new ScalingInputs("web", new Capacity(desired, 1, 20), f, MODEL, surge, priority, observed, null,
                null, "prophet@test");
    }

    static List<ScalingInputs.Observation> observed(double utilization, Duration span) {
        List<ScalingInputs.Observation> o = new ArrayList<>();
        for (Instant t = NOW.minus(span); !t.isAfter(NOW); t = t.plusSeconds(60)) {
            o.add(new ScalingInputs.Observation(t, utilization));
        }
        return o;
    }

    final ScalingPolicy policy = ScalingPolicy.defaults(Bounds.honoring(1, 20));

    @Test
    void capacityIsReadyTheBufferBeforeThePredictedCrossing() {
        // 4 instances carry 260 req/s at 70%; the forecast crosses that in step 6 (30 min ahead) and peaks at 390
        Forecast f = forecast(100, 120, 150, 180, 220, 250, 300, 390, 350, 200, 150, 100);

        ScalingDecision d = policy.decide(inputs(4, f, Double.NaN, Priority.BUSINESS, List.of()), NOW);

        assertThat(d.action()).isEqualTo(ScalingDecision.Action.SCALE_OUT);
        assertThat(d.to()).isEqualTo(6); // 390 x 0.01 / (0.7 - 0.05) = 6
        assertThat(d.effectiveAt()).isEqualTo(NOW.plus(Duration.ofMinutes(30 - 10)));
        assertThat(d.rule()).isEqualTo("threshold");
        assertThat(d.reason()).contains("prophet@test").contains("70% utilization").contains("390.0 req/s");
    }

    @Test
    void aCrossingInsideTheBufferScalesNow() {
        ScalingDecision d = policy.decide(inputs(4, forecast(300, 300), Double.NaN, Priority.BUSINESS, List.of()),
                NOW);

        assertThat(d.effectiveAt()).isEqualTo(NOW);
        assertThat(d.scheduledAfter(NOW)).isFalse();
    }

    @Test
    void surgeProbabilityAndPriorityAddCapacityByTier() {
        Forecast f = forecast(390);
        int none = policy.decide(inputs(4, f, 0.2, Priority.CRITICAL, List.of()), NOW).to();
        int likely = policy.decide(inputs(4, f, 0.5, Priority.CRITICAL, List.of()), NOW).to();
        int veryLikely = policy.decide(inputs(4, f, 0.9, Priority.CRITICAL, List.of()), NOW).to();
        int background = policy.decide(inputs(4, f, 0.9, Priority.BACKGROUND, List.of()), NOW).to();

        assertThat(none).isEqualTo(6);
        assertThat(likely).isEqualTo(8); // 6 x 1.2 = 7.2
        assertThat(veryLikely).isEqualTo(9); // 6 x 1.5
        assertThat(background).isEqualTo(6);
    }

    @Test
    void maxIsHonouredOrRaisedWithinItsBuffer() {
        Forecast f = forecast(2000); // needs 31 instances
        ScalingDecision honoured = ScalingPolicy.defaults(Bounds.honoring(1, 20))
                .decide(inputs(4, f, Double.NaN, Priority.BUSINESS, List.of()), NOW);
        ScalingDecision raised = ScalingPolicy.defaults(new Bounds(1, 20, Bounds.MaxCapacityBehavior.INCREASE, 25))
                .decide(inputs(4, f, Double.NaN, Priority.BUSINESS, List.of()), NOW);

        assertThat(honoured.to()).isEqualTo(20);
        assertThat(honoured.newMax()).isEqualTo(-1);
        assertThat(honoured.reason()).contains("capped at max 20");
        assertThat(raised.to()).isEqualTo(25);
        assertThat(raised.newMax()).isEqualTo(25);
    }

    @Test
    void scalesInOnlyAfterUtilizationWasObservedLowForTheWholeWindow() {
        Forecast quiet = forecast(50, 40, 30); // 50 req/s on 6 instances: 13% at most
        ScalingDecision forecastOnly = policy.decide(inputs(6, quiet, Double.NaN, Priority.BUSINESS, List.of()), NOW);
        ScalingDecision tooShort = policy.decide(inputs(6, quiet, Double.NaN, Priority.BUSINESS,
                observed(0.1, Duration.ofMinutes(10))), NOW);
        List<ScalingInputs.Observation> spike = new ArrayList<>(observed(0.1, Duration.ofMinutes(30)));
        spike.set(5, new ScalingInputs.Observation(spike.get(5).time(), 0.5));
        ScalingDecision notLowThroughout = policy.decide(inputs(6, quiet, Double.NaN, Priority.BUSINESS, spike), NOW);
        ScalingDecision low = policy.decide(inputs(6, quiet, Double.NaN, Priority.BUSINESS,
                observed(0.1, Duration.ofMinutes(30))), NOW);

        assertThat(forecastOnly.action()).isEqualTo(ScalingDecision.Action.HOLD);
        assertThat(forecastOnly.reason()).contains("a forecast alone never scales in");
        assertThat(tooShort.action()).isEqualTo(ScalingDecision.Action.HOLD);
        assertThat(notLowThroughout.action()).isEqualTo(ScalingDecision.Action.HOLD);
        assertThat(notLowThroughout.reason()).contains("50%");
        assertThat(low.action()).isEqualTo(ScalingDecision.Action.SCALE_IN);
        assertThat(low.to()).isEqualTo(1); // 50 req/s needs 0.77 of an instance
    }

    @Test
    void cooldownsHoldRepeatedChanges() {
        ScalingInputs justScaled = new ScalingInputs("web", new Capacity(4, 1, 20), forecast(390), MODEL, Double.NaN,
                Priority.BUSINESS, List.of(), NOW.minus(Duration.ofMinutes(2)), null, "");

        ScalingDecision d = policy.decide(justScaled, NOW);

        assertThat(d.action()).isEqualTo(ScalingDecision.Action.HOLD);
        assertThat(d.rule()).isEqualTo("cooldown");
        assertThat(policy.decide(justScaled, NOW.plus(Duration.ofMinutes(4))).action())
                .isEqualTo(ScalingDecision.Action.SCALE_OUT);
    }

    @Test
    void refusesAForecastMadeAtAnotherConfidence() {
        Forecast f = new Forecast("test", NOW.getEpochSecond(), 300, new double[]{1}, new double[]{1},
                new double[]{1}, 0.95);

        assertThatThrownBy(() -> policy.decide(inputs(4, f, 0, Priority.BUSINESS, List.of()), NOW))
                .hasMessageContaining("group web").hasMessageContaining("forecast with interval width 0.8");
    }

    @Test
    void dryRunDecisionsSayTheyAre() {
        ScalingDecision d = policy.withDryRun(true).decide(inputs(4, forecast(390), 0, Priority.BUSINESS, List.of()),
                NOW);

        assertThat(d.dryRun()).isTrue();
        assertThat(d.toPoint("ec2-autoscaling").tags()).containsEntry("mode", "dry-run");
    }
}
