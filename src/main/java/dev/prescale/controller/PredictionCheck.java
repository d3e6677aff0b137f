package dev.prescale.controller;

import dev.prescale.store.Point;
import dev.prescale.store.TimeSeriesStore;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Prediction against what really happened: the utilization a plan predicted for a window, next to the utilization
 * measured in it, written as a {@code prediction_check} point so forecast and capacity errors show up over time.
 *
 * @param predicted      mean predicted utilization (from the point forecast)
 * @param predictedUpper mean upper bound
 * @param actual         mean measured utilization
 * @param inside         share of measured seconds at or under the predicted upper bound
 */
public record PredictionCheck(double predicted, double predictedUpper, double actual, double inside, int seconds) {

    /** Relative error of the prediction, (actual - predicted) / predicted. */
    public double error() {
        return (actual - predicted) / predicted;
    }

    /**
     * @param predictionRun the run id the prediction was written under ({@code predicted_utilization})
     * @param actualRun     the run id of the measured utilization ({@code utilization}, instance {@code fleet})
     * @throws IllegalStateException when the window has no prediction or no measurement
     */
    public static PredictionCheck record(TimeSeriesStore store, String group, String predictionRun, String actualRun,
                                         Instant from, Instant to) {
        List<Point> predicted = store.read("predicted_utilization", Map.of("group", group, "run_id", predictionRun),
                from.minusSeconds(86_400), to);
        List<Point> measured = store.read("utilization", Map.of("run_id", actualRun, "instance", "fleet"), from, to);
        double p = 0;
        double u = 0;
        double a = 0;
        int inside = 0;
        int n = 0;
        for (Point m : measured) {
            Point step = null;
            for (Point candidate : predicted) { // the prediction step the second falls in: the last one starting before
                if (!candidate.time().isAfter(m.time())) {
                    step = candidate;
                }
            }
            Double cpu = m.number("cpu");
            if (step == null || cpu == null) {
                continue;
            }
            p += step.number("utilization");
            u += step.number("utilization_upper");
            a += cpu;
            inside += cpu <= step.number("utilization_upper") ? 1 : 0;
            n++;
        }
        if (n == 0) {
            throw new IllegalStateException("no measured utilization of run " + actualRun + " falls in a step "
                    + "predicted by " + predictionRun + " between " + from + " and " + to);
        }
        PredictionCheck check = new PredictionCheck(p / n, u / n, a / n, inside / (double) n, n);
        store.write(Point.of("prediction_check", to).tag("group", group).tag("prediction_run", predictionRun)
                .tag("actual_run", actualRun).field("predicted", check.predicted())
                .field("predicted_upper", check.predictedUpper()).field("actual", check.actual())
                .field("error", check.error()).field("inside", check.inside()).field("seconds", (long) n).build());
        return check;
    }
}
