package dev.prescale.resilience;

import dev.prescale.profile.Slo;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Measures one episode's slot from the responses of its traffic: the quiet lead before the faults, the faults and the
 * time allowed to recover ({@code during}), and the rest of the slot ({@code after}); and, per second, whether the
 * SLO held. A second misses the p95 limit when more than 5% of its responses are slower than the limit (that is what
 * a p95 over the limit means), or failed without an answer; seconds with too few responses to tell are judged
 * together (see {@link #judgedGroups}).
 */
final class EpisodeMeter {

    private static final long HIGHEST_MS = 120_000;
    /** The fewest responses whose p95 one slow response does not decide alone (1 of 20 is 5%). */
    static final int FEWEST_TO_JUDGE = 20;

    private final ResiliencePlan.Episode episode;
    private final Slo slo;
    private final Duration recoverWithin;
    private final Phase before = new Phase();
    private final Phase during = new Phase();
    private final Phase after = new Phase();
    private final long[] count;
    private final long[] errors;
    private final long[] slow;

    EpisodeMeter(ResiliencePlan.Episode episode, Slo slo, Duration recoverWithin) {
        this.episode = episode;
        this.slo = slo;
        this.recoverWithin = recoverWithin;
        int seconds = (int) Math.ceil(episode.slotEnd().minus(episode.slotStart()).toMillis() / 1000.0);
        this.count = new long[seconds];
        this.errors = new long[seconds];
        this.slow = new long[seconds];
    }

    ResiliencePlan.Episode episode() {
        return episode;
    }

    /** One response, sent {@code offset} after the rehearsal started (inside this episode's slot). */
    synchronized void response(Duration offset, Integer millis, boolean ok) {
        Phase phase = offset.compareTo(episode.faultStart()) < 0 ? before
                : offset.compareTo(episode.faultEnd().plus(recoverWithin)) < 0 ? during : after;
        phase.add(millis, ok);
        int second = (int) (offset.minus(episode.slotStart()).toMillis() / 1000);
        if (second >= 0 && second < count.length) {
            count[second]++;
            errors[second] += ok ? 0 : 1;
            slow[second] += millis == null || (slo.p95Latency() != null && millis > slo.p95Latency().toMillis())
                    ? 1 : 0;
        }
    }

    synchronized ResilienceReport.Outcome outcome(List<String> actions, List<String> anomalies, int fleetBefore,
                                                  int fleetAfter) {
        ResilienceReport.Window b = before.window();
        ResilienceReport.Window d = during.window();
        ResilienceReport.Window a = after.window();
        int firstFaultSecond = (int) (episode.faultStart().minus(episode.slotStart()).toMillis() / 1000);
        int breached = 0;
        int lastBreach = -1;
        for (int[] group : judgedGroups(firstFaultSecond)) {
            if (breaches(group[0], group[1])) {
                breached += group[1] - group[0] + 1;
                lastBreach = group[1];
            }
        }
        ResilienceReport.Verdict verdict;
        if (d.requests() == 0 || a.requests() == 0) {
            verdict = ResilienceReport.Verdict.NO_TRAFFIC;
        } else if (d.meets(slo)) {
            verdict = ResilienceReport.Verdict.ABSORBED;
        } else {
            verdict = a.meets(slo) ? ResilienceReport.Verdict.RECOVERED : ResilienceReport.Verdict.NOT_RECOVERED;
        }
        Optional<Duration> metAgain = lastBreach < 0 || lastBreach == count.length - 1 ? Optional.empty()
                : Optional.of(Duration.ofSeconds(lastBreach + 1 - firstFaultSecond));
        return new ResilienceReport.Outcome(episode, b, d, a, breached, metAgain, actions, anomalies, fleetBefore,
                fleetAfter, verdict);
    }

    /**
     * The seconds from {@code first} on, in runs of whole seconds that each hold at least {@link #FEWEST_TO_JUDGE}
     * responses: a p95 cannot be told from a handful of responses (one slow response of twelve is 8%), and a slot
     * rarely ends on a whole second, so its last second may hold a fraction of the rate. A short run at the end is
     * judged with the run before it.
     */
    private List<int[]> judgedGroups(int first) {
        List<int[]> groups = new ArrayList<>();
        int start = first;
        long responses = 0;
        for (int s = first; s < count.length; s++) {
            responses += count[s];
            if (responses >= FEWEST_TO_JUDGE) {
                groups.add(new int[] {start, s});
                start = s + 1;
                responses = 0;
            }
        }
        if (start < count.length) {
            if (groups.isEmpty()) {
                groups.add(new int[] {start, count.length - 1});
            } else {
                groups.get(groups.size() - 1)[1] = count.length - 1;
            }
        }
        return groups;
    }

    private boolean breaches(int from, int to) {
        long n = 0;
        long failed = 0;
        long slowOnes = 0;
        for (int s = from; s <= to; s++) {
            n += count[s];
            failed += errors[s];
            slowOnes += slow[s];
        }
        if (n == 0) {
            return false;
        }
        boolean tooManyErrors = slo.maxErrorPercent() != null && 100.0 * failed / n > slo.maxErrorPercent();
        boolean tooSlow = slo.p95Latency() != null && slowOnes > 0.05 * n;
        return tooManyErrors || tooSlow;
    }

    /** Responses of one part of the slot. */
    private static final class Phase {
        private final Histogram latency = new Histogram(HIGHEST_MS, 2);
        private long requests;
        private long failed;

        void add(Integer millis, boolean ok) {
            requests++;
            failed += ok ? 0 : 1;
            if (millis != null) {
                latency.recordValue(Math.max(0, Math.min(HIGHEST_MS, millis)));
            }
        }

        ResilienceReport.Window window() {
            return new ResilienceReport.Window(requests, failed, latency.getTotalCount() == 0 ? Double.NaN
                    : latency.getValueAtPercentile(95));
        }
    }
}
