package dev.prescale.anomaly;

import java.util.List;
import java.util.stream.Collectors;

/** The highest score of its members for each point: an anomaly any of them sees. */
public final class Ensemble implements AnomalyDetector {

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
        double max = 0;
        for (AnomalyDetector d : members) { // every member sees every point, to keep its state current
            max = Math.max(max, d.score(epochSecond, value, predicted));
        }
        return max;
    }
}
