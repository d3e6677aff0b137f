package dev.prescale.anomaly;

import java.time.Duration;

/**
 * Turns a detector's raw score into how rare it is against that same detector's scores over the recent
 * {@code memory}: 1 minus the share of them at least as high. A score higher than all of them comes out above
 * 1 - 1/n, the further above the more it exceeds the highest. Raw scores mean different things on a calm series and on
 * a noisy one; their rarity means the same on both, so one threshold serves a whole fleet of series (as Numenta's
 * anomaly likelihood does for its raw scores).
 */
public final class Rarity implements AnomalyDetector {

    private final AnomalyDetector inner;
    private final Duration memory;
    private final StepClock clock = new StepClock();
    private SlidingWindow past;

    public Rarity(AnomalyDetector inner, Duration memory) {
        this.inner = inner;
        this.memory = memory;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public double score(long epochSecond, double value, double predicted) {
        double raw = inner.score(epochSecond, value, predicted);
        if (!clock.accept(epochSecond, value) || !clock.stepKnown()) {
            return 0;
        }
        if (past == null) {
            past = new SlidingWindow(clock.pointsIn(memory));
        }
        int n = past.size();
        double rarity;
        if (n == 0 || raw <= 0) {
            rarity = 0;
        } else {
            int atLeast = past.countAtLeast(raw);
            double highest = past.quantile(1.0);
            rarity = atLeast > 0 ? 1 - atLeast / (n + 1.0) : 1 - (highest / raw) / (n + 1.0);
        }
        past.add(raw);
        return rarity;
    }
}
