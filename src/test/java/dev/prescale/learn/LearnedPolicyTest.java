package dev.prescale.learn;

import dev.prescale.replay.CapacitySimulator;
import dev.prescale.replay.PolicyReplay;
import dev.prescale.replay.ReplaySettings;
import dev.prescale.scaling.Bounds;
import dev.prescale.store.LineProtocolFileStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LearnedPolicyTest {

    /** {@code days} of a daily wave between 200 and 600 requests/s; an instance serves 100 at 100%. */
    static double[] wave(int days) {
        double[] rps = new double[days * 1440];
        for (int m = 0; m < rps.length; m++) {
            rps[m] = 400 + 200 * Math.sin(2 * Math.PI * (m % 1440) / 1440.0);
        }
        return rps;
    }

    static final Instant MONDAY = Instant.parse("2026-11-02T00:00:00Z");

    static final ReplaySettings WORLD = ReplaySettings.of(6000, 1.0, 5);

    /** Violation-minutes of {@code policy} on the last day of a 4-day wave under {@code faults}. */
    static int violations(LearnedPolicy policy, FaultPlan faults) {
        double[] rps = wave(4);
        return CapacitySimulator.run(rps, 3 * 1440, WORLD, policy, null, faults, null).violationMinutes();
    }

    @Test
    void trainingUnderSlowdownsTeachesItToDrainTheSlowInstance() {
        LearnSettings settings = new LearnSettings(5, 0.05, 6, 12, 3);
        Trainer.Training training = Trainer.train(List.of(new Trainer.Window("wave", wave(4), WORLD, MONDAY)), settings,
                Instant.parse("2026-11-28T00:00:00Z"), line -> { });
        FaultPlan week = new FaultPlan(List.of(new FaultPlan.Episode(3 * 1440 + 300, 40, 0, 6),
                new FaultPlan.Episode(3 * 1440 + 900, 40, 0, 4)), 0);
        PolicyModel untrained = PolicyModel.of(Instant.EPOCH, "nothing", LearnedPolicy.freshLearner(1).weights(),
                settings);

        LearnedPolicy trained = LearnedPolicy.deployed(training.model(), false, MONDAY);
        int trainedViolations = violations(trained, week);
        int untrainedViolations = violations(LearnedPolicy.deployed(untrained, false, MONDAY), week);

        // untrained, every action is worth 0 and the first (hold) wins: every slow minute violates
        assertThat(untrainedViolations).isEqualTo(80);
        // trained: it drains (a slowdown is seen three minutes late at most: the minute itself and the metric lag)
        assertThat(trainedViolations).isLessThan(untrainedViolations / 2);
        assertThat(trained.actionCounts()[Action.DRAIN.ordinal()]).isPositive();
        assertThat(training.minutes()).isEqualTo(6 * 1440);
        assertThat(trained.meanDecisionMicros()).isPositive();
    }

    @Test
    void theGuardKeepsBoundsCoolsDownScaleInAndStagesLargeOnes() {
        Guard guard = new Guard(Bounds.honoring(2, 20), 5, 0.25);

        assertThat(guard.apply(10, 50, 0, 0)).isEqualTo(20); // never past the bounds
        assertThat(guard.apply(20, 1, 0, 3)).isEqualTo(20); // within the cooldown after the scale-out at 0
        assertThat(guard.apply(20, 1, 0, 5)).isEqualTo(15); // a quarter at a time, as the canary steps
        assertThat(guard.apply(15, 14, 0, 6)).isEqualTo(14);
        assertThat(guard.held()).isEqualTo(2);
        // never more than twice what the forecast's high quantile needs (and one): adding stops, shrinking is allowed
        assertThat(guard.apply(14, 19, 6, 20)).isEqualTo(14);
        assertThat(guard.apply(10, 16, 6, 21)).isEqualTo(13);
        assertThat(guard.held()).isEqualTo(4);
    }

    @Test
    void aModelRoundTripsThroughAFileAndTheStoreAndRefusesOtherFeatures(@TempDir Path dir) {
        double[][] weights = LearnedPolicy.freshLearner(1).weights();
        weights[Action.DRAIN.ordinal()][22] = 1.5;
        PolicyModel model = PolicyModel.of(Instant.parse("2026-11-28T10:00:00Z"), "test", weights,
                LearnSettings.DEFAULTS).withVerdict(false, "kept in shadow: test");

        PolicyModel back = PolicyModel.load(model.save(dir.resolve("policy.json")));
        assertThat(back.version()).isEqualTo("learned-20261128T100000Z");
        assertThat(back.weights()[Action.DRAIN.ordinal()][22]).isEqualTo(1.5);
        assertThat(back.verdict()).isEqualTo("kept in shadow: test");
        try (LineProtocolFileStore store = new LineProtocolFileStore(null, dir.resolve("store"))) {
            model.save(store);
            store.flush(Duration.ofSeconds(5));
            assertThat(PolicyModel.load(store, null).orElseThrow().weights()[Action.DRAIN.ordinal()][22])
                    .isEqualTo(1.5);
            assertThat(PolicyModel.load(store, "learned-1999")).isEmpty();
        }
        assertThatThrownBy(() -> PolicyModel.load(dir.resolve("none.json"))).hasMessageContaining("prescale learn");
        assertThatThrownBy(() -> PolicyModel.parse(model.json().replace("\"bias\"", "\"other\""), "old.json"))
                .hasMessageContaining("train it again");
    }

    @Test
    void promotionNeedsLowerCostOnMostTracesAndAsManyFaultsAbsorbed() throws Exception {
        Map<String, Promotion.Cost> cheap = Map.of(PolicyReplay.LEARNED, new Promotion.Cost(1, 90, 95),
                "minute-peak q99%", new Promotion.Cost(2, 100, 110));
        Map<String, Promotion.Cost> dear = Map.of(PolicyReplay.LEARNED, new Promotion.Cost(4, 100, 120),
                "minute-peak q99%", new Promotion.Cost(2, 100, 110));
        Promotion.TraceCosts a = new Promotion.TraceCosts("a", "minute-peak q99%", cheap);
        Promotion.TraceCosts b = new Promotion.TraceCosts("b", "minute-peak q99%", dear);
        List<Promotion.FaultOutcome> sturdy = List.of(new Promotion.FaultOutcome(PolicyReplay.LEARNED, 4, 3, 4),
                new Promotion.FaultOutcome("minute-peak q99%", 4, 2, 4));

        assertThat(Promotion.decide(List.of(a, a, b), sturdy).promoted()).isTrue();
        assertThat(Promotion.decide(List.of(a, b, b), sturdy).reason()).startsWith("kept in shadow")
                .contains("it costs more in total");
        // much cheaper on one trace in three: cheaper in total, but not on most traces
        Promotion.TraceCosts c = new Promotion.TraceCosts("c", "minute-peak q99%", Map.of(PolicyReplay.LEARNED,
                new Promotion.Cost(0, 50, 50), "minute-peak q99%", new Promotion.Cost(2, 100, 110)));
        assertThat(Promotion.decide(List.of(c, b, b), sturdy).reason()).startsWith("kept in shadow")
                .contains("cheaper on only 1 of 3 traces, and most are needed").doesNotContain("more in total");
        List<Promotion.FaultOutcome> fragile = List.of(new Promotion.FaultOutcome(PolicyReplay.LEARNED, 4, 1, 4),
                new Promotion.FaultOutcome("minute-peak q99%", 4, 2, 4));
        assertThat(Promotion.decide(List.of(a, a), fragile).reason()).contains("does not absorb as many faults");

        boolean[] violated = new boolean[100];
        violated[12] = true; // during the first fault
        violated[55] = true; // 25 minutes after the second ended: the first recovered, the second did not
        FaultPlan plan = new FaultPlan(List.of(new FaultPlan.Episode(10, 10, 1, 1), new FaultPlan.Episode(20, 10, 0,
                5)), 0);
        assertThat(Promotion.score("p", plan, violated, 0)).isEqualTo(new Promotion.FaultOutcome("p", 2, 1, 1));
    }
}
