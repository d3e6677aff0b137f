package dev.prescale.controller;

import dev.prescale.anomaly.AnomalyEvent;
import dev.prescale.scaling.Bounds;
import dev.prescale.scaling.Capacity;
import dev.prescale.scaling.ScalingDecision;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnomalyRuleTest {

    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    static final Capacity FOUR = new Capacity(4, 1, 10);

    static ScalingDecision decided(ScalingDecision.Action action, int to, boolean dryRun) {
        return new ScalingDecision(NOW, "g", action, 4, to, -1, NOW, "scale-in", "the policy's reason", "prophet@t",
                dryRun);
    }

    static AnomalyEvent event(Instant start, Instant end, AnomalyEvent.Severity severity) {
        return new AnomalyEvent("fleet-watch", "run-1", start, end, 0.7, severity, List.of("error_rate"));
    }

    static final AnomalyEvent ONGOING = event(NOW.minusSeconds(90), null, AnomalyEvent.Severity.MEDIUM);

    @Test
    void aScaleInWaitsWhileAnAnomalyLastsAndForTheHoldAfter() {
        AnomalyRule rule = AnomalyRule.DEFAULT;
        ScalingDecision in = decided(ScalingDecision.Action.SCALE_IN, 2, false);

        ScalingDecision held = rule.apply(in, List.of(ONGOING), FOUR, Bounds.honoring(1, 10), null, NOW);

        assertThat(held.action()).isEqualTo(ScalingDecision.Action.HOLD);
        assertThat(held.to()).isEqualTo(4);
        assertThat(held.rule()).isEqualTo(AnomalyRule.RULE);
        assertThat(held.reason()).contains("error_rate").contains("run-1").contains("the policy's reason");
        AnomalyEvent ended10 = event(NOW.minus(Duration.ofMinutes(20)), NOW.minus(Duration.ofMinutes(10)),
                AnomalyEvent.Severity.MEDIUM);
        AnomalyEvent ended20 = event(NOW.minus(Duration.ofMinutes(30)), NOW.minus(Duration.ofMinutes(20)),
                AnomalyEvent.Severity.MEDIUM);
        assertThat(rule.apply(in, List.of(ended10), FOUR, Bounds.honoring(1, 10), null, NOW).action())
                .as("ended 10 min ago, within the 15 min hold").isEqualTo(ScalingDecision.Action.HOLD);
        assertThat(rule.apply(in, List.of(ended20), FOUR, Bounds.honoring(1, 10), null, NOW)).isEqualTo(in);
        ScalingDecision out = decided(ScalingDecision.Action.SCALE_OUT, 6, false);
        assertThat(rule.apply(out, List.of(ONGOING), FOUR, Bounds.honoring(1, 10), null, NOW)).isEqualTo(out);
    }

    @Test
    void milderAnomaliesThanTheRuleAsksForChangeNothing() {
        AnomalyRule highOnly = new AnomalyRule(AnomalyRule.Response.HOLD_SCALE_IN, AnomalyEvent.Severity.HIGH, 0,
                Duration.ofMinutes(15));
        ScalingDecision in = decided(ScalingDecision.Action.SCALE_IN, 2, false);

        assertThat(highOnly.apply(in, List.of(ONGOING), FOUR, Bounds.honoring(1, 10), null, NOW)).isEqualTo(in);
        AnomalyRule none = new AnomalyRule(AnomalyRule.Response.NONE, AnomalyEvent.Severity.MEDIUM, 0, Duration.ZERO);
        assertThat(none.apply(in, List.of(ONGOING), FOUR, Bounds.honoring(1, 10), null, NOW)).isEqualTo(in);
    }

    @Test
    void addCapacityAddsItsShareOnceAnEventWithinTheBounds() {
        AnomalyRule add = new AnomalyRule(AnomalyRule.Response.ADD_CAPACITY, AnomalyEvent.Severity.MEDIUM, 50,
                Duration.ofMinutes(15));
        ScalingDecision hold = decided(ScalingDecision.Action.HOLD, 4, true);

        ScalingDecision more = add.apply(hold, List.of(ONGOING), FOUR, Bounds.honoring(1, 10), null, NOW);

        assertThat(more.action()).isEqualTo(ScalingDecision.Action.SCALE_OUT);
        assertThat(more.to()).isEqualTo(6);
        assertThat(more.effectiveAt()).isEqualTo(NOW);
        assertThat(more.dryRun()).as("dry-run stays dry-run").isTrue();
        assertThat(more.rule()).isEqualTo(AnomalyRule.RULE);
        assertThat(add.apply(hold, List.of(ONGOING), FOUR, Bounds.honoring(1, 5), null, NOW))
                .satisfies(d -> assertThat(d.to()).isEqualTo(5))
                .satisfies(d -> assertThat(d.reason()).contains("capped at the ceiling 5"));
        assertThat(add.apply(hold, List.of(ONGOING), FOUR, Bounds.honoring(1, 4), null, NOW))
                .as("at the ceiling already").isEqualTo(hold);
        assertThat(add.apply(hold, List.of(ONGOING), FOUR, Bounds.honoring(1, 10), NOW.minusSeconds(30), NOW))
                .as("this event already had its capacity").isEqualTo(hold);
        assertThat(add.apply(decided(ScalingDecision.Action.SCALE_OUT, 8, true), List.of(ONGOING), FOUR,
                Bounds.honoring(1, 10), null, NOW).to()).as("the policy wants more anyway").isEqualTo(8);
        ScalingDecision in = decided(ScalingDecision.Action.SCALE_IN, 2, false);
        AnomalyEvent ended = event(NOW.minusSeconds(600), NOW.minusSeconds(60), AnomalyEvent.Severity.HIGH);
        assertThat(add.apply(in, List.of(ended), FOUR, Bounds.honoring(1, 10), null, NOW).action())
                .as("an ended event adds nothing but still holds scale-in").isEqualTo(ScalingDecision.Action.HOLD);
    }

    @Test
    void aRuleWithoutItsNumbersIsRefused() {
        assertThatThrownBy(() -> new AnomalyRule(AnomalyRule.Response.ADD_CAPACITY, AnomalyEvent.Severity.MEDIUM, 0,
                Duration.ZERO)).hasMessageContaining("extra percentage");
        assertThatThrownBy(() -> new AnomalyRule(AnomalyRule.Response.HOLD_SCALE_IN, AnomalyEvent.Severity.MEDIUM, 0,
                Duration.ofMinutes(-1))).hasMessageContaining("hold time");
    }
}
