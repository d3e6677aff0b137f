package dev.prescale.learn;

import dev.prescale.replay.Fleet;
import dev.prescale.replay.FleetView;
import dev.prescale.replay.PeakReplay;
import dev.prescale.replay.ReplayPolicy;
import dev.prescale.scaling.Bounds;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * The learned allocation policy in the capacity simulator. Every {@link #DECISION_MINUTES} minutes, and at once when
 * what it sees of faults changes (a slow instance, lost instances), it reads the state
 * ({@link StateFeatures}) and takes the action of highest learned value (or explores while training): a sizing rule it
 * then follows each minute until the next decision, or a configuration change. Each minute's capacity passes the
 * {@link Guard}. A decision's reward is the cost of the minutes it governed: while training, the simulator's true
 * outcomes ({@link #accept}); deployed, it can keep learning from what it sees of its own outcomes, the metric lag
 * late (online). Deciding on rules rather than on single minutes makes each choice's cost large enough to learn:
 * a minute of one instance more or less is lost in the noise of a violation.
 */
public final class LearnedPolicy implements ReplayPolicy, Consumer<Fleet.Minute> {

    /** Instances at the derived rate that carry the training window's 99th-percentile minute: rewards' scale. */
    static final double FLEET_SCALE = 10;
    /** Minutes a sizing rule holds before the next decision (unless faults change first). */
    static final int DECISION_MINUTES = 15;
    /** Discount per decision: 0.98 a minute over a decision's minutes (a reward an hour away counts a third). */
    static final double GAMMA = Math.pow(0.98, DECISION_MINUTES);
    /** Decisions of reward before bootstrapping. */
    static final int N_STEP = 2;
    static final double ALPHA = 0.1;
    /** Minutes after a scale-out before a scale-in (the hand-written policy's scale-out cooldown). */
    static final int SCALE_IN_COOLDOWN = 5;
    /** The canary orchestrator's step: a quarter of the fleet at a time. */
    static final double CANARY_STEP = 0.25;
    static final double AHEAD_QUANTILE = 0.995;
    static final double FOLLOW_QUANTILE = 0.98;
    static final int REFIT_MINUTES = 60;

    private final LinearQ q;
    private final LearnSettings reward;
    private final double epsilon;
    private final boolean fromOutcomes;
    private final boolean online;
    private final String name;
    private final Instant epoch;
    private PeakReplay ahead;
    private PeakReplay follow;
    private Guard guard;
    private int own = -1;
    private boolean drain;
    private Action rule = Action.HOLD;
    private double[] decidedIn;
    private int decision = -1;
    private int decidedAt;
    private String faultsSeen = "";
    private double earned;
    private double paidSinceDecision;
    private int changesSinceDecision;
    private long decisions;
    private long minutes;
    private long decisionNanos;
    private final long[] chosen = new long[Action.values().length];

    private LearnedPolicy(String name, LinearQ q, LearnSettings reward, double epsilon, boolean fromOutcomes,
                          boolean online, Instant epoch) {
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
        this.epoch = epoch;
    }

    /** A fresh learner's weights: all zero. */
    static LinearQ freshLearner(long seed) {
        return new LinearQ(StateFeatures.NAMES.size(), Action.values().length, GAMMA, N_STEP, ALPHA, seed);
    }

    /** Exploring with probability {@code epsilon}, learning from the simulator's outcome of each minute. */
    static LearnedPolicy training(LinearQ q, LearnSettings reward, double epsilon, Instant epoch) {
        return new LearnedPolicy("learned (training)", q, reward, epsilon, true, false, epoch);
    }

    /**
     * Greedy with a saved model's values, on a trace whose first minute is {@code epoch}; with {@code online}, it keeps
     * learning from the outcomes it sees (its own
     * fleet, and whether utilization reached the violation level), updating a copy of the model's weights.
     */
    public static LearnedPolicy deployed(PolicyModel model, boolean online, Instant epoch) {
        return new LearnedPolicy("prescale learned " + model.version() + (online ? " (learning online)" : ""),
                new LinearQ(model.weights(), GAMMA, N_STEP, ALPHA, 1), model.reward(), 0, false, online, epoch);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int desired(FleetView view) {
        long started = System.nanoTime();
        int minute = view.minute();
        if (own < 0) {
            own = view.desired();
            ahead = new PeakReplay(AHEAD_QUANTILE, view.settings(), REFIT_MINUTES);
            follow = new PeakReplay(FOLLOW_QUANTILE, view.settings(), REFIT_MINUTES);
            guard = new Guard(Bounds.honoring(view.settings().minInstances(), view.settings().maxInstances()),
                    SCALE_IN_COOLDOWN, CANARY_STEP);
        }
        int aheadSize = ahead.desired(view);
        int followSize = follow.desired(view);
        String faults = faultsSeen(view);
        boolean first = false;
        if (decision < 0 || minute - decidedAt >= DECISION_MINUTES || !faults.equals(faultsSeen)) {
            double[] x = StateFeatures.of(view, own, aheadSize, followSize, epoch);
            if (decision >= 0 && (fromOutcomes || online)) {
                q.train(decidedIn, decision, fromOutcomes ? earned : seenReward(view));
            }
            decision = q.act(x, epsilon);
            decidedIn = x;
            decidedAt = minute;
            faultsSeen = faults;
            earned = 0;
            paidSinceDecision = 0;
            changesSinceDecision = 0;
            Action a = Action.values()[decision];
            drain = a.drains(view.drained());
            if (!a.configures()) {
                rule = a;
                first = true;
            }
            chosen[decision]++;
            decisions++;
        }
        int next = guard.apply(own, rule.capacity(own, aheadSize, followSize, first), aheadSize, minute);
        changesSinceDecision += next != own ? 1 : 0;
        paidSinceDecision += next;
        own = next;
        minutes++;
        decisionNanos += System.nanoTime() - started;
        return next;
    }

    /** What the policy sees of faults: a slow instance, lost instances (its own drain is no news). */
    private static String faultsSeen(FleetView view) {
        int latest = view.latestVisible();
        return (view.slowdownAt(latest) > 1 ? "slow" : "") + (view.lostAt(latest) > 0 ? "lost" : "");
    }

    /**
     * The reward of the decision in force, from what is visible now: its capacity, its changes, and the minutes of
     * its span whose utilization the lag already shows at the violation level (later ones go uncounted).
     */
    private double seenReward(FleetView view) {
        double level = view.settings().violationUtilization();
        int violated = 0;
        for (int m = decidedAt; m <= Math.min(view.minute() - 1, view.latestVisible()); m++) {
            double u = view.utilization(m);
            violated += !Double.isNaN(u) && u >= level - 1e-9 ? 1 : 0;
        }
        return -(paidSinceDecision / 60.0 + reward.violationCost() * violated
                + reward.changeCost() * changesSinceDecision) / FLEET_SCALE;
    }

    @Override
    public boolean drain(FleetView view) {
        return drain;
    }

    /** The simulator's outcome of the minute just decided: part of the decision's reward (training only). */
    @Override
    public void accept(Fleet.Minute minute) {
        if (fromOutcomes && decision >= 0) {
            earned += reward(minute.paid(), minute.violated(), minute.changed());
        }
    }

    /** Ends a training trajectory (a trace's window): the decision in force learns what it earned so far. */
    void finish() {
        if (fromOutcomes && decision >= 0) {
            q.train(decidedIn, decision, earned);
        }
        q.endEpisode();
    }

    /** Minus the minute's cost in instance-hours, per {@link #FLEET_SCALE} instances. */
    double reward(int paid, boolean violated, boolean changed) {
        return -(paid / 60.0 + (violated ? reward.violationCost() : 0) + (changed ? reward.changeCost() : 0))
                / FLEET_SCALE;
    }

    /** Mean time the policy takes a minute, microseconds (forecast refits and decisions included). */
    public double meanDecisionMicros() {
        return minutes == 0 ? 0 : decisionNanos / 1e3 / minutes;
    }

    /** Decisions taken (rules chosen and configuration changes). */
    public long decisions() {
        return decisions;
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
