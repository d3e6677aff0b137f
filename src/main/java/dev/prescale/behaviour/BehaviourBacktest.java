package dev.prescale.behaviour;

import dev.prescale.signature.AccessLog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Fit on one log, predict each group's requests in each hour of another, score by weighted absolute percentage error
 * ({@code WAPE = sum |actual - predicted| / sum actual}, over the group's hours). The hours scored run from the test
 * log's first hour to its last, with hours without a request counted as zero. A group that sent nothing in the test
 * span scores 1 when anything was predicted for it (all of it wrong), else 0.
 */
public final class BehaviourBacktest {

    /** One group's score. {@code hourly} holds actual and predicted per hour, in order. */
    public record GroupScore(String group, double actual, double predicted, double wape, double[][] hourly) {
    }

    /** Every group's score, and all groups' hours together. */
    public record Result(List<GroupScore> groups, double wape, Instant from, Instant to, BehaviourProfile profile) {
    }

    private BehaviourBacktest() {
    }

    public static Result run(List<AccessLog.Entry> train, List<AccessLog.Entry> test, Duration gap, Grouping grouping) {
        return run(train, test, gap, grouping, 0);
    }

    /** As {@link #run(List, List, Duration, Grouping)}, with groups split into up to {@code clusters} clusters. */
    public static Result run(List<AccessLog.Entry> train, List<AccessLog.Entry> test, Duration gap, Grouping grouping,
                             int clusters) {
        if (test.isEmpty()) {
            throw new IllegalArgumentException("the test log has no requests to predict; give it lines in the combined "
                    + "format or JSON lines");
        }
        BehaviourProfile profile = BehaviourProfile.fit("backtest", train, gap, grouping, clusters);
        long first = test.stream().mapToLong(e -> e.time().getEpochSecond()).min().orElseThrow() / 3600 * 3600;
        long last = test.stream().mapToLong(e -> e.time().getEpochSecond()).max().orElseThrow() / 3600 * 3600;
        Instant from = Instant.ofEpochSecond(first);
        Instant to = Instant.ofEpochSecond(last + 3600);
        Map<String, double[]> actual = profile.hourlyRequests(test, gap, grouping, from, to);
        int hours = (int) ((last - first) / 3600 + 1);
        TreeSet<String> names = new TreeSet<>(profile.groups().keySet());
        names.addAll(actual.keySet());
        List<GroupScore> scores = new ArrayList<>();
        double absAll = 0;
        double actualAll = 0;
        for (String g : names) {
            double[] a = actual.getOrDefault(g, new double[hours]);
            double[][] hourly = new double[hours][2];
            double abs = 0;
            double sumA = 0;
            double sumP = 0;
            for (int h = 0; h < hours; h++) {
                double p = profile.expectedRequests(g, Instant.ofEpochSecond(first + 3600L * h));
                hourly[h][0] = a[h];
                hourly[h][1] = p;
                abs += Math.abs(a[h] - p);
                sumA += a[h];
                sumP += p;
            }
            double wape = sumA > 0 ? abs / sumA : (sumP > 0 ? 1 : 0);
            scores.add(new GroupScore(g, sumA, sumP, wape, hourly));
            absAll += abs;
            actualAll += sumA;
        }
        return new Result(scores, actualAll > 0 ? absAll / actualAll : 0, from, to, profile);
    }
}
