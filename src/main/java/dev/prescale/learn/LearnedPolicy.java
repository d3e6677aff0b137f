package dev.prescale.learn;

import dev.prescale.replay.Fleet;
import dev.prescale.replay.FleetView;
import dev.prescale.replay.PeakReplay;
import dev.prescale.replay.ReplayPolicy;
import dev.prescale.scaling.Bounds;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The learned allocation policy in the capacity simulator: each minute it reads the state ({@link StateFeatures}),
 * takes the action of highest learned value (or explores while training), and passes it through the {@link Guard}.
 * While training it learns from the simulator's true outcome of each minute ({@link #accept}); deployed, it can keep
 * learning from what it sees of its own outcomes, the metric lag late (online).
 */
public final class LearnedPolicy implements ReplayPolicy, Consumer<Fleet.Minute> {

    /** Instances at the derived rate that carry the training window's 99th-percentile minute: rewards' scale. */
    static final double FLEET_SCALE = 10;
    /** Discount per minute: a reward an hour away still counts for a third. */
    static final double GAMMA = 0.98;
    /** Steps of reward before bootstrapping: warm-up (5) and metric lag (2) and the minute itself. */
    static final int N_STEP = 8;
    static final double ALPHA = 0.05;
    /** Minutes after a scale-out before a scale-in (the hand-written policy's scale-out cooldown). */
    static final int SCALE_IN_COOLDOWN = 5;
    /** The canary orchestrator's step: a quarter of the fleet at a time. */
    static final double CANARY_STEP = 0.25;
    static final double AHEAD_QUANTILE = 0.995;
    static final double FOLLOW_QUANTILE = 0.98;
    static final int REFIT_MINUTES = 60;

    private record Decision(int minute, double[] x, int action, int capacity, boolean changed) {
    }

    private final LinearQ q;
    private final LearnSettings reward;
    private final double epsilon;
    private final boolean fromOutcomes;
    private final boolean online;
    private final String name;
    private final ArrayDeque<Decision> unseen = new ArrayDeque<>();
    private PeakReplay ahead;
    private PeakReplay follow;
    private Guard guard;
    private int own = -1;
    private boolean drain;
    private Decision last;
    private long decisions;
    private long decisionNanos;
    private final long[] chosen = new long[Action.values().length];

    private LearnedPolicy(String name, LinearQ q, LearnSettings reward, double epsilon, boolean fromOutcomes,
                          boolean online) {
        if (q.features() != StateFeatures.NAMES.size() || q.actions() != Action.values().length) {
            throw new IllegalArgumentException("the learned policy needs " + StateFeatures.NAMES.size()
                    + " features and " + Action.values().length + " actions, but the model has " + q.features()
                    + " and " + q.actions() + "; train it again with prescale learn");
        }
        this.name = name;
        this.q = q;
        this.reward = reward;
        this.epsilon = epsilon;
        this.fromOutcomes = fromOutcomes;
        this.online = online;
    }

    /** A fresh learner's weights: all zero. */
    static LinearQ freshLearner(long seed) {
        return new LinearQ(StateFeatures.NAMES.size(), Action.values().length, GAMMA, N_STEP, ALPHA, seed);
    }

    /** Exploring with probability {@code epsilon}, learning from the simulator's outcome of each minute. */
    static LearnedPolicy training(LinearQ q, LearnSettings reward, double epsilon) {
        return new LearnedPolicy("learned (training)", q, reward, epsilon, true, false);
    }

    /**
     * Greedy with a saved model's values; with {@code online}, it keeps learning from the outcomes it sees (its own
     * fleet, and whether utilization passed the violation level), updating a copy of the model's weights.
     */
    public static LearnedPolicy deployed(PolicyModel model, boolean online) {
        return new LearnedPolicy("prescale learned " + model.version() + (online ? " (learning online)" : ""),
                new LinearQ(model.weights(), GAMMA, N_STEP, ALPHA, 1), model.reward(), 0, false, online);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int desired(FleetView view) {
        long started = System.nanoTime();
        if (own < 0) {
            own = view.desired();
            ahead = new PeakReplay(AHEAD_QUANTILE, view.settings(), REFIT_MINUTES);
            follow = new PeakReplay(FOLLOW_QUANTILE, view.settings(), REFIT_MINUTES);
            guard = new Guard(Bounds.honoring(view.settings().minInstances(), view.settings().maxInstances()),
                    SCALE_IN_COOLDOWN, CANARY_STEP);
        }
        if (online) {
            learnFromWhatIsVisible(view);
        }
        int aheadSize = ahead.desired(view);
        int followSize = follow.desired(view);
        double[] x = StateFeatures.of(view, own, aheadSize, followSize);
        int action = q.act(x, epsilon);
        Action a = Action.values()[action];
        int next = guard.apply(own, a.capacity(own, aheadSize, followSize), view.minute());
        drain = a.drains(view.drained());
        last = new Decision(view.minute(), x, action, next, next != own);
        if (online) {
            unseen.addLast(last);
        }
        own = next;
        chosen[action]++;
        decisions++;
        decisionNanos += System.nanoTime() - started;
        return next;
    }

    @Override
    public boolean drain(FleetView view) {
        return drain;
    }

    /** The simulator's outcome of the minute just decided: the reward the decision earned (training only). */
    @Override
    public void accept(Fleet.Minute minute) {
        if (fromOutcomes && last != null) {
            q.train(last.x(), last.action(), reward(minute.paid(), minute.violated(), minute.changed()));
        }
    }

    /** Ends a training trajectory (a trace's window). */
    void finish() {
        q.endEpisode();
    }

    private void learnFromWhatIsVisible(FleetView view) {
        double level = view.settings().violationUtilization();
        while (!unseen.isEmpty() && unseen.peekFirst().minute() <= view.latestVisible()) {
            Decision d = unseen.pollFirst();
            double u = view.utilization(d.minute());
            q.train(d.x(), d.action(), reward(d.capacity(), !Double.isNaN(u) && u >= level - 1e-9, d.changed()));
        }
    }

    /** Minus the minute's cost in instance-hours, per {@link #FLEET_SCALE} instances. */
    double reward(int paid, boolean violated, boolean changed) {
        return -(paid / 60.0 + (violated ? reward.violationCost() : 0) + (changed ? reward.changeCost() : 0))
                / FLEET_SCALE;
    }

    /** Mean time of one decision, microseconds (forecast refits included). */
    public double meanDecisionMicros() {
        return decisions == 0 ? 0 : decisionNanos / 1e3 / decisions;
    }

    /** How often each action was chosen, in {@link Action} order. */
    public long[] actionCounts() {
        return chosen.clone();
    }

    /** Actions the guard held back or staged. */
    public long guarded() {
        return guard == null ? 0 : guard.held();
    }

    /** The learner's weights now (after online learning, not the saved model's). */
    double[][] weights() {
        return q.weights();
    }
}
