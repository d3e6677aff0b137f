package dev.prescale.issues;

import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.random.RandomGenerator;
import org.hipparchus.random.Well19937c;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Seed 001's issue simulator: a stream of made-up issues that looks like history (rates per type, component and time
 * of day; sizes and durations; which follow which) and, on purpose, goes beyond it, since the incident that hurts is
 * rarely one seen before: a share of issues sized past the largest ever seen ({@code tail}), and issues following
 * others as history never showed ({@code novel-combination}).
 */
public final class IssueSimulator {

    /**
     * How far beyond history the stream goes.
     *
     * @param rateFactor       issue rates times this (1: as history; 3: a bad week)
     * @param tailShare        share of issues sized beyond the largest seen
     * @param novelPairShare   chance that an issue is followed by one of a key that never followed it
     * @param fleetSize        instances of the fleet the impacts are predicted for
     */
    public record Variation(double rateFactor, double tailShare, double novelPairShare, int fleetSize) {

        /** As history says, nothing beyond it. */
        public static Variation asObserved(int fleetSize) {
            return new Variation(1, 0, 0, fleetSize);
        }

        /** As history says, with 5% of sizes past the largest seen and 2% novel pairs. */
        public static Variation withEdgeCases(int fleetSize) {
            return new Variation(1, 0.05, 0.02, fleetSize);
        }

        public Variation {
            if (!(rateFactor > 0) || tailShare < 0 || tailShare > 1 || novelPairShare < 0 || novelPairShare > 1
                    || fleetSize < 1) {
                throw new IllegalArgumentException("variation: rateFactor > 0, shares in 0..1 and a fleet of at "
                        + "least one, but had " + rateFactor + ", " + tailShare + ", " + novelPairShare + ", "
                        + fleetSize);
            }
        }
    }

    private static final NormalDistribution NORMAL = new NormalDistribution();

    private final IssueModel model;
    private final RandomGenerator random;

    public IssueSimulator(IssueModel model, long seed) {
        this.model = model;
        this.random = new Well19937c(seed);
    }

    /** The issues starting in [from, to), oldest first. */
    public List<SimulatedIssue> generate(Instant from, Instant to, Variation v) {
        List<SimulatedIssue> issues = new ArrayList<>();
        int buckets = model.buckets();
        long width = 86_400L / buckets;
        for (IssueModel.KeyModel k : model.keys().values()) {
            for (long lo = Math.floorDiv(from.getEpochSecond(), width) * width; lo < to.getEpochSecond();
                 lo += width) {
                long start = Math.max(lo, from.getEpochSecond());
                long end = Math.min(lo + width, to.getEpochSecond());
                double rate = k.ratePerHour()[IssueModel.bucket(Instant.ofEpochSecond(lo), buckets)] * v.rateFactor();
                int n = poisson(rate * (end - start) / 3600.0);
                for (int i = 0; i < n; i++) {
                    Instant at = Instant.ofEpochSecond(start + (long) (random.nextDouble() * (end - start)));
                    boolean tail = random.nextDouble() < v.tailShare() && canGrow(k);
                    issues.add(issue(k, at, tail ? "tail" : "observed", tail, v));
                }
            }
        }
        List<SimulatedIssue> followers = new ArrayList<>();
        for (SimulatedIssue first : issues) {
            Map<String, Double> after = model.following().getOrDefault(first.key(), Map.of());
            for (Map.Entry<String, Double> e : after.entrySet()) {
                if (random.nextDouble() < e.getValue()) {
                    followers.add(follower(model.keys().get(e.getKey()), first, "co-occurring", v));
                }
            }
            if (random.nextDouble() < v.novelPairShare()) {
                List<IssueModel.KeyModel> never = model.keys().values().stream()
                        .filter(k -> !k.key().equals(first.key()) && !after.containsKey(k.key())).toList();
                if (!never.isEmpty()) {
                    followers.add(follower(never.get(random.nextInt(never.size())), first, "novel-combination", v));
                }
            }
        }
        issues.addAll(followers.stream().filter(f -> f.start().isBefore(to)).toList());
        issues.sort(Comparator.comparing(SimulatedIssue::start));
        return issues;
    }

    /** False when the largest size seen is already the most the type allows (an error share of 1). */
    private static boolean canGrow(IssueModel.KeyModel k) {
        return k.largestSeen() * 1.0001 < largest(k);
    }

    /** The largest size that means anything for the key's type; no limit for types with no fault. */
    private static double largest(IssueModel.KeyModel k) {
        return IssueType.of(k.type()).map(IssueType::largest).orElse(Double.POSITIVE_INFINITY);
    }

    private SimulatedIssue follower(IssueModel.KeyModel k, SimulatedIssue first, String origin, Variation v) {
        Instant at = first.start().plusSeconds((long) (random.nextDouble() * IssueModel.CO_WINDOW.toSeconds()));
        return issue(k, at, origin, false, v);
    }

    private SimulatedIssue issue(IssueModel.KeyModel k, Instant at, String origin, boolean tail, Variation v) {
        double size;
        if (tail) { // log-normal conditioned on exceeding the largest seen: beyond history by construction
            double above = NORMAL.cumulativeProbability((Math.log(k.largestSeen()) - k.logSizeMean())
                    / k.logSizeSigma());
            double u = above + random.nextDouble() * (1 - above) * 0.999;
            size = Math.exp(k.logSizeMean() + k.logSizeSigma() * NORMAL.inverseCumulativeProbability(u));
            size = Math.max(size, k.largestSeen() * 1.0001);
        } else {
            size = Math.exp(k.logSizeMean() + k.logSizeSigma() * random.nextGaussian());
        }
        size = Math.min(size, largest(k));
        Duration duration = Duration.ofSeconds(Math.max(1, Math.round(Math.exp(k.logDurationMean()
                + k.logDurationSigma() * random.nextGaussian()))));
        String severity = size > k.largestSeen() ? "beyond-history" : size > k.p90Size() ? "critical"
                : size > k.medianSize() ? "major" : "minor";
        double magnitude = size;
        String impact = IssueType.of(k.type()).map(t -> t.impact(magnitude, v.fleetSize()))
                .orElse(k.type() + " of size " + String.format(java.util.Locale.ROOT, "%.3g", magnitude));
        return new SimulatedIssue(at, duration, k.component(), k.type(), magnitude, severity, impact, origin);
    }

    /** A Poisson draw: by inversion for small means, a rounded normal for large ones. */
    private int poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 50) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int n = 0;
        while (product > limit) {
            product *= random.nextDouble();
            n++;
        }
        return n;
    }
}
