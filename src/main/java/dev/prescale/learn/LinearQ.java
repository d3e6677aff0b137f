package dev.prescale.learn;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Q-learning with a linear value per action (semi-gradient, n-step): {@code Q(x, a) = w[a] . x}. Each call of
 * {@link #train} is the next step of one trajectory: the state seen, the action taken and the reward it earned. Once
 * {@code n} more steps have followed a step, its n-step return (the rewards of those steps, discounted, plus the best
 * value of the state reached) corrects its value, with the step size normalized by the state's squared length, so
 * features of any scale learn at the same pace. n-step returns bridge the delay between an action and its effect
 * (an instance launched now serves after its warm-up).
 *
 * <p>Seed 001's {@code train(state, action, reward)}. Not thread-safe.
 */
public final class LinearQ {

    private record Step(double[] x, int action, double reward) {
    }

    private final double[][] w;
    private final double gamma;
    private final int n;
    private final double alpha;
    private final SplittableRandom random;
    private final ArrayDeque<Step> pending = new ArrayDeque<>();
    private long updates;

    /**
     * @param features length of every state vector (a bias feature included by the caller)
     * @param actions  how many actions there are
     * @param gamma    discount per step, in [0, 1)
     * @param n        steps of reward before bootstrapping, at least 1
     * @param alpha    step size, in (0, 1]
     */
    public LinearQ(int features, int actions, double gamma, int n, double alpha, long seed) {
        this(new double[actions][features], gamma, n, alpha, seed);
    }

    /** A learner that starts from {@code weights} (one row per action), e.g. a saved model. */
    public LinearQ(double[][] weights, double gamma, int n, double alpha, long seed) {
        if (weights.length < 1 || weights[0].length < 1 || !(gamma >= 0 && gamma < 1) || n < 1
                || !(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("a linear Q-learner needs actions and features, 0 <= gamma < 1, n >= 1 "
                    + "and 0 < alpha <= 1, but had " + weights.length + " actions, gamma " + gamma + ", n " + n
                    + ", alpha " + alpha);
        }
        this.w = new double[weights.length][];
        for (int a = 0; a < weights.length; a++) {
            if (weights[a].length != weights[0].length) {
                throw new IllegalArgumentException("every action needs " + weights[0].length + " weights, but action "
                        + a + " has " + weights[a].length);
            }
            w[a] = weights[a].clone();
        }
        this.gamma = gamma;
        this.n = n;
        this.alpha = alpha;
        this.random = new SplittableRandom(seed);
    }

    public int actions() {
        return w.length;
    }

    public int features() {
        return w[0].length;
    }

    /** Updates made so far. */
    public long updates() {
        return updates;
    }

    public double q(double[] x, int action) {
        double v = 0;
        double[] wa = w[action];
        for (int i = 0; i < wa.length; i++) {
            v += wa[i] * x[i];
        }
        return v;
    }

    /** The action of highest value (the lowest index among ties). */
    public int greedy(double[] x) {
        int best = 0;
        double bestValue = q(x, 0);
        for (int a = 1; a < w.length; a++) {
            double v = q(x, a);
            if (v > bestValue) {
                best = a;
                bestValue = v;
            }
        }
        return best;
    }

    /** Greedy, or with probability {@code epsilon} an action drawn uniformly (exploration). */
    public int act(double[] x, double epsilon) {
        return random.nextDouble() < epsilon ? random.nextInt(w.length) : greedy(x);
    }

    /** The next step of the trajectory: in state {@code x}, {@code action} earned {@code reward}. */
    public void train(double[] x, int action, double reward) {
        if (x.length != features() || action < 0 || action >= actions() || !Double.isFinite(reward)) {
            throw new IllegalArgumentException("train needs " + features() + " features, an action below "
                    + actions() + " and a finite reward, but had " + x.length + ", " + action + ", " + reward);
        }
        pending.addLast(new Step(x.clone(), action, reward));
        if (pending.size() > n) {
            update(pending.peekLast().x());
        }
    }

    /**
     * Ends the trajectory: the steps still waiting for {@code n} successors are updated with the rewards they have,
     * bootstrapped from the last state seen (the trajectory was cut, not finished).
     */
    public void endEpisode() {
        while (pending.size() > 1) {
            update(pending.peekLast().x());
        }
        pending.clear();
    }

    private void update(double[] next) {
        Step first = pending.pollFirst();
        double g = first.reward();
        double discount = gamma;
        for (Step s : pending) {
            if (s == pending.peekLast()) {
                break; // the newest step's state is the bootstrap; its reward follows it
            }
            g += discount * s.reward();
            discount *= gamma;
        }
        g += discount * q(next, greedy(next));
        double error = Math.max(-10, Math.min(10, g - q(first.x(), first.action())));
        double norm = 1e-9;
        for (double v : first.x()) {
            norm += v * v;
        }
        double[] wa = w[first.action()];
        for (int k = 0; k < wa.length; k++) {
            wa[k] += alpha * error * first.x()[k] / norm;
        }
        updates++;
    }

    /** A copy of the weights, one row per action. */
    public double[][] weights() {
        double[][] copy = new double[w.length][];
        for (int a = 0; a < w.length; a++) {
            copy[a] = Arrays.copyOf(w[a], w[a].length);
        }
        return copy;
    }
}
