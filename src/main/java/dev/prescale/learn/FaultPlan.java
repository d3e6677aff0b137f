package dev.prescale.learn;

import dev.prescale.issues.IssueType;
import dev.prescale.issues.SimulatedIssue;
import dev.prescale.replay.Faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Capacity faults over a replay's minutes, from the issue simulator's crash and slowdown issues or drawn at a rate:
 * what the learned policy trains against and what the fault week scores policies on.
 *
 * @param episodes by start minute
 * @param skipped  issues of types that do not play on capacity (latency, errors, outages)
 */
public record FaultPlan(List<Episode> episodes, int skipped) implements Faults {

    /**
     * One fault.
     *
     * @param start    first minute (of the replay's trace)
     * @param minutes  how long it lasts
     * @param lost     serving instances lost
     * @param slowdown how many times slower one instance serves (1: none)
     */
    public record Episode(int start, int minutes, int lost, double slowdown) {

        public int end() {
            return start + minutes;
        }

        public String describe() {
            return lost > 0 ? lost + " instance(s) lost for " + minutes + " min"
                    : String.format(Locale.ROOT, "one instance %.1fx slower for %d min", slowdown, minutes);
        }
    }

    public FaultPlan {
        episodes = episodes.stream().sorted(Comparator.comparingInt(Episode::start)).toList();
    }

    /**
     * Faults at {@code perDay} a day over minutes [{@code from}, {@code to}): two in five crashes (1-2 instances,
     * 10-40 minutes, until replacements serve), three in five slowdowns (one instance 3-10x slower, 15-60 minutes).
     */
    public static FaultPlan random(int from, int to, double perDay, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Episode> episodes = new ArrayList<>();
        double expected = perDay * (to - from) / 1440.0;
        int count = poisson(expected, random);
        for (int i = 0; i < count && to > from; i++) {
            int start = from + random.nextInt(to - from);
            if (random.nextDouble() < 0.4) {
                episodes.add(new Episode(start, 10 + random.nextInt(31), 1 + random.nextInt(2), 1));
            } else {
                episodes.add(new Episode(start, 15 + random.nextInt(46), 0, 3 + 7 * random.nextDouble()));
            }
        }
        return new FaultPlan(episodes, 0);
    }

    /** The issue simulator's stream on a trace starting at {@code traceStart}: crashes and slowdowns play. */
    public static FaultPlan of(List<SimulatedIssue> issues, Instant traceStart) {
        List<Episode> episodes = new ArrayList<>();
        int skipped = 0;
        for (SimulatedIssue issue : issues) {
            int start = (int) Math.floorDiv(Duration.between(traceStart, issue.start()).toSeconds(), 60);
            int minutes = (int) Math.max(1, Math.ceil(issue.duration().toSeconds() / 60.0));
            IssueType type = IssueType.of(issue.type()).orElse(null);
            if (type == IssueType.CRASH) {
                episodes.add(new Episode(start, minutes, (int) Math.max(1, Math.round(issue.magnitude())), 1));
            } else if (type == IssueType.SLOWDOWN) {
                episodes.add(new Episode(start, minutes, 0, Math.max(1, Math.min(1000, issue.magnitude()))));
            } else {
                skipped++;
            }
        }
        return new FaultPlan(episodes, skipped);
    }

    /** The same faults {@code minutes} later (a stream of another week laid over a trace's scored week). */
    public FaultPlan shifted(int minutes) {
        return new FaultPlan(episodes.stream().map(e -> new Episode(e.start() + minutes, e.minutes(), e.lost(),
                e.slowdown())).toList(), skipped);
    }

    @Override
    public int lost(int minute) {
        int lost = 0;
        for (Episode e : episodes) {
            if (e.start() > minute) {
                break;
            }
            lost += minute < e.end() ? e.lost() : 0;
        }
        return lost;
    }

    @Override
    public double slowdown(int minute) {
        double slowest = 1;
        for (Episode e : episodes) {
            if (e.start() > minute) {
                break;
            }
            slowest = minute < e.end() ? Math.max(slowest, e.slowdown()) : slowest;
        }
        return slowest;
    }

    private static int poisson(double mean, SplittableRandom random) {
        int n = 0;
        double t = random.nextExponential();
        while (t < mean) {
            n++;
            t += random.nextExponential();
        }
        return n;
    }
}
