package dev.prescale.anomaly;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Watches several metrics of one fleet at once (CPU, request rate, error rate, ...) and turns their scores into
 * {@link AnomalyEvent}s: one robust residual detector per metric, against its prediction when there is one, and a
 * multivariate one over all of them, for a combination that no metric shows alone (high CPU at ordinary traffic). An
 * event opens when the highest score reaches the threshold, stays open while scores stay above half of it, and ends
 * after {@code quiet} with none: one incident, one event, not one alert per sample.
 */
public final class FleetWatch {

    /** A watched metric and the smallest change in it that matters (see {@link SeasonalResidual.Settings}). */
    public record Metric(String name, double resolution) {
    }

    /**
     * @param window    how much recent history sets each metric's level and scale
     * @param threshold the score at which an event opens, in (0, 1)
     * @param quiet     how long scores must stay under half the threshold before the event ends
     * @param longest   how long an event holds the detectors' baseline: while it is open they judge against the
     *                  baseline from before it, so an incident stays an incident; past this, they learn again and
     *                  the new level becomes normal (a deploy that changed the CPU profile is no hour-long incident)
     */
    public record Settings(Duration window, double threshold, Duration quiet, Duration longest) {

        /**
         * Ten minutes of history; open at 0.5 (about ten robust sigmas); end after two quiet minutes; after half an
         * hour, the anomaly's level is the new normal.
         */
        public static final Settings DEFAULTS = new Settings(Duration.ofMinutes(10), 0.5, Duration.ofMinutes(2),
                Duration.ofMinutes(30));

        public Settings {
            if (!(threshold > 0 && threshold < 1)) {
                throw new IllegalArgumentException("the anomaly threshold must be in (0, 1), but was " + threshold);
            }
            if (window.isNegative() || window.isZero() || quiet.isNegative() || longest.isNegative()) {
                throw new IllegalArgumentException("the anomaly window must be positive, quiet and longest not "
                        + "negative, but were " + window + ", " + quiet + " and " + longest);
            }
        }
    }

    public static final String DETECTOR = "fleet-watch";

    private final String series;
    private final List<Metric> metrics;
    private final Settings settings;
    private final SeasonalResidual[] perMetric;
    private final StepClock clock = new StepClock();
    private final Guarded.Failures failures = new Guarded.Failures();
    private RobustMahalanobis combined;
    private AnomalyEvent open;
    private Instant lastHigh;
    private final Set<String> offDuring = new LinkedHashSet<>(); // metrics past the threshold alone during the event

    public FleetWatch(String series, List<Metric> metrics, Settings settings) {
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("a fleet watch needs at least one metric");
        }
        this.series = series;
        this.metrics = List.copyOf(metrics);
        this.settings = settings;
        this.perMetric = new SeasonalResidual[metrics.size()];
        for (int i = 0; i < perMetric.length; i++) {
            // a day-long season never completes in a short window: the local median is the baseline then
            perMetric[i] = new SeasonalResidual(new SeasonalResidual.Settings(settings.window(), Duration.ofDays(1), 3,
                    metrics.get(i).resolution()));
        }
    }

    /** Scoring calls that failed (each scored 0; the first was logged). */
    public long failures() {
        return failures.count();
    }

    /** The event going on now, or null. */
    public AnomalyEvent open() {
        return open;
    }

    /**
     * Scores one sample. Samples must come in time order; one not later than the last is ignored, and a NaN value
     * leaves that metric out of this sample.
     *
     * @param values    one value per metric, in the order given at construction
     * @param predicted the prediction per metric, NaN where there is none (null: none at all)
     * @return the events this sample opened, changed (a higher score, more metrics) or ended; usually none
     */
    public List<AnomalyEvent> observe(Instant time, double[] values, double[] predicted) {
        if (values.length != metrics.size() || (predicted != null && predicted.length != values.length)) {
            throw new IllegalArgumentException("a sample of " + series + " has " + values.length + " values for "
                    + metrics.size() + " metrics " + metrics.stream().map(Metric::name).toList());
        }
        long t = time.getEpochSecond();
        if (!clock.accept(t, 0)) {
            return List.of();
        }
        boolean learning = open == null || Duration.between(open.start(), time).compareTo(settings.longest()) >= 0;
        for (SeasonalResidual d : perMetric) {
            d.learning(learning);
        }
        if (combined != null) {
            combined.learning(learning);
        }
        double highest = 0;
        List<String> off = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            int metric = i;
            double s = failures.scoreOrZero("seasonal-residual of " + metrics.get(i).name(), t, values[i],
                    () -> perMetric[metric].score(t, values[metric], predicted == null ? Double.NaN
                            : predicted[metric]));
            if (s >= settings.threshold()) {
                off.add(metrics.get(i).name());
            }
            highest = Math.max(highest, s);
        }
        if (combined == null && clock.stepKnown()) {
            double[] resolution = metrics.stream().mapToDouble(Metric::resolution).toArray();
            combined = new RobustMahalanobis(clock.pointsIn(settings.window()), resolution);
        }
        if (combined != null) {
            highest = Math.max(highest, failures.scoreOrZero("robust-mahalanobis", t, values[0],
                    () -> combined.score(t, values)));
        }
        return track(time, highest, off);
    }

    private List<AnomalyEvent> track(Instant time, double score, List<String> off) {
        double threshold = settings.threshold();
        if (open == null && score < threshold) {
            return List.of();
        }
        if (open == null || score >= threshold / 2) {
            if (open == null) {
                offDuring.clear();
            }
            lastHigh = time;
            offDuring.addAll(off);
            double peak = open == null ? score : Math.max(open.score(), score);
            AnomalyEvent now = new AnomalyEvent(DETECTOR, series, open == null ? time : open.start(), null, peak,
                    AnomalyEvent.Severity.of(peak, threshold), offDuring.isEmpty()
                    ? metrics.stream().map(Metric::name).toList() : List.copyOf(offDuring));
            boolean changed = !now.equals(open);
            open = now;
            return changed ? List.of(open) : List.of();
        }
        if (Duration.between(lastHigh, time).compareTo(settings.quiet()) >= 0) {
            AnomalyEvent ended = new AnomalyEvent(DETECTOR, series, open.start(), lastHigh, open.score(),
                    open.severity(), open.metrics());
            open = null;
            return List.of(ended);
        }
        return List.of();
    }
}
