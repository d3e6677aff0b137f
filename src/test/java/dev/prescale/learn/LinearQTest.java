package dev.prescale.learn;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LinearQTest {

    /**
     * A toy fleet with a known optimum: demand cycles 1, 1, 3, 3, 2 (five steps, the phase is the state); the action
     * picks the capacity 1, 2 or 3 that serves from the step after next (a two-step warm-up). Each step costs its
     * capacity, and 10 more when capacity is below demand. The optimum provisions two steps ahead for exactly the
     * demand then: cost 1+1+3+3+2 = 10 per cycle, 2 per step.
     */
    static final int[] DEMAND = {1, 1, 3, 3, 2};
    static final int DELAY = 2;

    /** Mean reward per step of a run of {@code steps} steps choosing by {@code policy}, training when asked. */
    static double run(LinearQ q, int steps, double epsilon, boolean train) {
        int[] capacity = {1, 1, 1}; // capacity in force now, next step, the step after
        double total = 0;
        for (int t = 0; t < steps; t++) {
            double[] x = state(t);
            int action = q.act(x, epsilon);
            capacity[DELAY] = action + 1;
            int serving = capacity[0];
            double reward = -serving - (serving < DEMAND[t % DEMAND.length] ? 10 : 0);
            total += reward;
            if (train) {
                q.train(x, action, reward / 10);
            }
            capacity[0] = capacity[1];
            capacity[1] = capacity[2];
        }
        q.endEpisode();
        return total / steps;
    }

    /** One-hot phase of the cycle: no hint of the demand itself, which the learner must work out. */
    static double[] state(int t) {
        double[] x = new double[DEMAND.length];
        x[t % DEMAND.length] = 1;
        return x;
    }

    @Test
    void theLearnerFindsTheKnownOptimumOfADelayedToyFleet() {
        LinearQ q = new LinearQ(DEMAND.length, 3, 0.9, DELAY + 1, 0.2, 3);
        double before = run(new LinearQ(DEMAND.length, 3, 0.9, DELAY + 1, 0.2, 3), 500, 1.0, false);

        for (int episode = 0; episode < 200; episode++) {
            run(q, 100, Math.max(0.05, 1 - episode / 100.0), true);
        }
        double after = run(q, 500, 0, false);

        assertThat(before).isLessThan(-5); // acting at random pays for shortfalls and spare capacity
        assertThat(after).isEqualTo(-2.0); // the optimum: exactly the demand two steps ahead, every step
        for (int phase = 0; phase < DEMAND.length; phase++) {
            assertThat(q.greedy(state(phase)) + 1).as("capacity chosen at phase %d", phase)
                    .isEqualTo(DEMAND[(phase + DELAY) % DEMAND.length]);
        }
        assertThat(q.updates()).isGreaterThan(10_000);
    }

    @Test
    void oneStepReturnsLearnTheDelayedFleetMoreSlowly() {
        LinearQ oneStep = new LinearQ(DEMAND.length, 3, 0.9, 1, 0.2, 3);
        for (int episode = 0; episode < 200; episode++) {
            run(oneStep, 100, Math.max(0.05, 1 - episode / 100.0), true);
        }
        // the same training budget as the n-step learner above, which reaches -2.0: a reward two steps after its
        // action reaches it only through the bootstrap, one step per update
        assertThat(run(oneStep, 500, 0, false)).isLessThan(-2.0);
        assertThatThrownBy(() -> oneStep.train(new double[2], 0, 0)).hasMessageContaining("needs 5 features");
        assertThatThrownBy(() -> new LinearQ(3, 2, 1.0, 1, 0.1, 1)).hasMessageContaining("gamma");
    }
}
