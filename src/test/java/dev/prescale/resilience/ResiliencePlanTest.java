package dev.prescale.resilience;

import dev.prescale.chaos.Fault;
import dev.prescale.issues.SimulatedIssue;
import dev.prescale.profile.Slo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Laying issues out in slots, and judging a slot from its responses, on hand-made cases. */
class ResiliencePlanTest {

    static final Instant T = Instant.parse("2026-06-01T00:00:00Z");
    static final ResiliencePlan.Layout LAYOUT = new ResiliencePlan.Layout(Duration.ofSeconds(10), 60,
            Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(10), 40, 3);

    static SimulatedIssue issue(long minutes, long durationMinutes, String type, double magnitude, String severity) {
        return new SimulatedIssue(T.plus(Duration.ofMinutes(minutes)), Duration.ofMinutes(durationMinutes), "fleet",
                type, magnitude, severity, type, "observed");
    }

    @Test
    void coOccurringIssuesShareAnEpisodeAndEachEpisodeHasItsOwnSlot() {
        List<SimulatedIssue> issues = List.of(
                issue(0, 10, "crash", 1, "major"),
                issue(4, 2, "errors", 0.2, "minor"), // 4 min after the crash: the same episode
                issue(120, 60, "latency", 300, "critical"), // 60 min: 60 s compressed, clamped to 30
                issue(125, 1, "traffic-surge", 2, "minor")); // no fault plays it

        ResiliencePlan plan = ResiliencePlan.of("day", issues, LAYOUT);

        assertThat(plan.episodes()).hasSize(2);
        ResiliencePlan.Episode first = plan.episodes().get(0);
        assertThat(first.issues()).extracting(SimulatedIssue::type).containsExactly("crash", "errors");
        assertThat(first.faultStart()).isEqualTo(Duration.ofSeconds(10)); // after the lead
        assertThat(first.faults().get(0)).isEqualTo(new Fault.InstanceCrash(Duration.ofSeconds(10),
                Duration.ofSeconds(10), 1));
        // 4 minutes later at 60x: 4 s in; 2 minutes long: 2 s, lengthened to the 5 s shortest
        assertThat(first.faults().get(1).start()).isEqualTo(Duration.ofSeconds(14));
        assertThat(first.faults().get(1).duration()).isEqualTo(Duration.ofSeconds(5));
        assertThat(first.faultEnd()).isEqualTo(Duration.ofSeconds(20));
        assertThat(first.slotEnd()).isEqualTo(Duration.ofSeconds(35)); // + recover 5 + settle 10

        ResiliencePlan.Episode second = plan.episodes().get(1);
        assertThat(second.slotStart()).isEqualTo(first.slotEnd());
        assertThat(second.faultStart()).isEqualTo(Duration.ofSeconds(45));
        assertThat(second.faultEnd().minus(second.faultStart())).isEqualTo(Duration.ofSeconds(30));
        assertThat(second.severity()).isEqualTo("critical");
        assertThat(plan.skipped()).extracting(SimulatedIssue::type).containsExactly("traffic-surge");
        assertThat(plan.length()).isEqualTo(Duration.ofSeconds(35 + 10 + 30 + 15));
        assertThat(plan.schedule().faults()).hasSize(3);
        assertThat(plan.at(Duration.ofSeconds(36))).contains(second);
    }

    @Test
    void pastTheEpisodeLimitTheMostSevereArePlayed() {
        List<SimulatedIssue> issues = new ArrayList<>();
        String[] severities = {"minor", "critical", "major", "beyond-history", "minor"};
        for (int i = 0; i < severities.length; i++) {
            issues.add(issue(60L * i, 5, "latency", 100 + i, severities[i]));
        }
        ResiliencePlan plan = ResiliencePlan.of("week", issues, LAYOUT.withMaxEpisodes(2));

        assertThat(plan.episodes()).extracting(ResiliencePlan.Episode::severity)
                .containsExactly("critical", "beyond-history"); // in stream order
        assertThat(plan.skipped()).hasSize(3);
    }

    @Test
    void refusesWhatItCannotPlay() {
        assertThatThrownBy(() -> ResiliencePlan.of("x", List.of(issue(0, 5, "traffic-surge", 2, "minor")), LAYOUT))
                .hasMessageContaining("no").hasMessageContaining("fault");
        List<SimulatedIssue> many = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            many.add(issue(60L * i, 30, "errors", 0.1, "minor"));
        }
        assertThatThrownBy(() -> ResiliencePlan.of("year", many, LAYOUT.withMaxEpisodes(2000)))
                .hasMessageContaining("6 h limit").hasMessageContaining("maxEpisodes");
    }

    @Test
    void aSlotIsAbsorbedRecoveredOrNotRecoveredByItsResponses() {
        ResiliencePlan.Episode e = ResiliencePlan.of("one", List.of(issue(0, 10, "crash", 1, "major")), LAYOUT)
                .episodes().get(0); // slot 0-35 s: lead to 10, fault 10-20, recover to 25, settle to 35
        Slo slo = new Slo(Duration.ofMillis(100), 1.0);

        assertThat(meter(e, slo, s -> 50, s -> true).verdict()).isEqualTo(ResilienceReport.Verdict.ABSORBED);

        // errors from 10 s to 17 s: the SLO holds again 7 s after the fault began
        ResilienceReport.Outcome recovered = meter(e, slo, s -> 50, s -> s < 10 || s >= 17);
        assertThat(recovered.verdict()).isEqualTo(ResilienceReport.Verdict.RECOVERED);
        assertThat(recovered.metAgainAfter()).contains(Duration.ofSeconds(7));
        assertThat(recovered.secondsBreached()).isEqualTo(7);
        assertThat(recovered.during().errorPercent()).isCloseTo(7 / 15.0 * 100, org.assertj.core.data.Offset
                .offset(0.01));

        // slow (not failing) to the end: p95 over the limit in every second from 12 s
        ResilienceReport.Outcome slow = meter(e, slo, s -> s >= 12 ? 300 : 50, s -> true);
        assertThat(slow.verdict()).isEqualTo(ResilienceReport.Verdict.NOT_RECOVERED);
        assertThat(slow.metAgainAfter()).isEmpty();
        assertThat(slow.after().p95Millis()).isGreaterThan(100);

        // one slow response in twenty a second is a p95 at the limit, not over it
        ResilienceReport.Outcome edge = meterEach(e, slo, (s, i) -> i == 0 ? 300 : 50);
        assertThat(edge.secondsBreached()).isZero();
        assertThat(edge.verdict()).isEqualTo(ResilienceReport.Verdict.ABSORBED);

        assertThat(new EpisodeMeter(e, slo, LAYOUT.recoverWithin()).outcome(List.of(), List.of(), 3, 3).verdict())
                .isEqualTo(ResilienceReport.Verdict.NO_TRAFFIC);
    }

    private static ResilienceReport.Outcome meter(ResiliencePlan.Episode e, Slo slo,
                                                  java.util.function.IntUnaryOperator millis,
                                                  java.util.function.IntPredicate ok) {
        EpisodeMeter m = new EpisodeMeter(e, slo, LAYOUT.recoverWithin());
        for (int s = 0; s < 35; s++) {
            for (int i = 0; i < 20; i++) {
                m.response(Duration.ofMillis(s * 1000L + i * 50), millis.applyAsInt(s), ok.test(s));
            }
        }
        return m.outcome(List.of(), List.of(), 3, 3);
    }

    private static ResilienceReport.Outcome meterEach(ResiliencePlan.Episode e, Slo slo,
                                                      java.util.function.IntBinaryOperator millis) {
        EpisodeMeter m = new EpisodeMeter(e, slo, LAYOUT.recoverWithin());
        for (int s = 0; s < 35; s++) {
            for (int i = 0; i < 20; i++) {
                m.response(Duration.ofMillis(s * 1000L + i * 50), millis.applyAsInt(s, i), true);
            }
        }
        return m.outcome(List.of(), List.of(), 3, 3);
    }
}
