package dev.prescale.anomaly;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Combines members whose scores are rarities (1 minus a tail probability, as {@link Rarity} gives) by Fisher's method:
 * -2 times the sum of the log tail probabilities is chi-squared with 2k degrees of freedom when nothing is going on,
 * and the ensemble's score is 1 minus that statistic's tail probability. A point several members find somewhat rare
 * outranks one a single member finds rare, where the highest member score (the old combination) added every member's
 * false alarms. The members look at the same points, so they are not independent as the method assumes: the scores are
 * a ranking, and the threshold is set on them (NAB's corpus threshold, or the loop's).
 */
public final class Ensemble implements AnomalyDetector {

    private static final double SMALLEST_TAIL = 1e-12;

    private final List<AnomalyDetector> members;

    public Ensemble(List<AnomalyDetector> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one detector");
        }
        this.members = List.copyOf(members);
    }

    @Override
    public String name() {
        return "ensemble(" + members.stream().map(AnomalyDetector::name).collect(Collectors.joining("+")) + ")";
    }

    @Override
    public double score(long epochSecond, double value, double predicted) {
        double statistic = 0;
        for (AnomalyDetector d : members) { // every member sees every point, to keep its state current
            double s = d.score(epochSecond, value, predicted);
            double tail = Double.isFinite(s) ? Math.min(1, Math.max(SMALLEST_TAIL, 1 - s)) : 1;
            statistic -= 2 * Math.log(tail);
        }
        return 1 - chiSquaredTail(statistic, members.size());
    }

    /** P(X >= x) for X chi-squared with 2k degrees of freedom: e^(-x/2) times the sum of (x/2)^j / j! below k. */
    static double chiSquaredTail(double x, int k) {
        double half = x / 2;
        double term = 1;
        double sum = 1;
        for (int j = 1; j < k; j++) {
            term *= half / j;
            sum += term;
        }
        return Math.min(1, Math.exp(-half) * sum);
    }
}
