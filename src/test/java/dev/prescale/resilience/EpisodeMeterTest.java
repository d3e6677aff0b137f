package dev.prescale.resilience;

import dev.prescale.profile.Slo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EpisodeMeterTest {

    private static final Slo SLO = new Slo(Duration.ofMillis(600), 1.0);

    /** A slot of 10.2 s: lead 2 s, faults 2-5 s, recovery allowed until 7 s; its last second holds 0.2 s of traffic. */
    private static final ResiliencePlan.Episode EPISODE = new ResiliencePlan.Episode(1, List.of(), List.of(),
            Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMillis(10_200));

    /** 60 responses a second over the slot; those sent in [slowFrom, slowTo) take 900 ms. */
    private static EpisodeMeter metered(double slowFrom, double slowTo) {
        EpisodeMeter meter = new EpisodeMeter(EPISODE, SLO, Duration.ofSeconds(2));
        for (int i = 0; i < 612; i++) {
            double at = i / 60.0;
            boolean slow = at >= slowFrom && at < slowTo;
            meter.response(Duration.ofMillis(Math.round(at * 1000)), slow ? 900 : 200, true);
        }
        return meter;
    }

    @Test
    void aBreachEndsAtTheLastSlowSecond() {
        ResilienceReport.Outcome o = metered(2, 4).outcome(List.of(), List.of(), 3, 3);
        assertThat(o.secondsBreached()).isEqualTo(2);
        assertThat(o.metAgainAfter()).contains(Duration.ofSeconds(2));
        assertThat(o.verdict()).isEqualTo(ResilienceReport.Verdict.RECOVERED);
    }

    @Test
    void oneSlowResponseInTheShortLastSecondDoesNotUndoTheRecovery() {
        // the last second holds 12 responses; one slow one is 8% of them but 1.4% of the last 72
        ResilienceReport.Outcome o = metered(2, 4).outcome(List.of(), List.of(), 3, 3);
        EpisodeMeter meter = metered(2, 4);
        meter.response(Duration.ofMillis(10_150), 900, true);
        ResilienceReport.Outcome withTail = meter.outcome(List.of(), List.of(), 3, 3);
        assertThat(withTail.metAgainAfter()).isEqualTo(o.metAgainAfter());
        assertThat(withTail.secondsBreached()).isEqualTo(2);
    }

    @Test
    void aBreachThatLastsToTheSlotsEndIsNotCalledRecovered() {
        ResilienceReport.Outcome o = metered(2, 11).outcome(List.of(), List.of(), 3, 3);
        assertThat(o.metAgainAfter()).isEmpty();
        assertThat(o.verdict()).isEqualTo(ResilienceReport.Verdict.NOT_RECOVERED);
        assertThat(o.secondsBreached()).isEqualTo(9);
    }

    @Test
    void aSlotThatNeverBreachesSaysSo() {
        ResilienceReport.Outcome o = metered(99, 99).outcome(List.of(), List.of(), 3, 3);
        assertThat(o.secondsBreached()).isZero();
        assertThat(o.metAgainAfter()).isEmpty();
        assertThat(o.verdict()).isEqualTo(ResilienceReport.Verdict.ABSORBED);
    }
}
