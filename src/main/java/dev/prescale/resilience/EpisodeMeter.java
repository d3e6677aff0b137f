package dev.prescale.resilience;

import dev.prescale.profile.Slo;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Measures one episode's slot from the responses of its traffic: the quiet lead before the faults, the faults and the
 * time allowed to recover ({@code during}), and the rest of the slot ({@code after}); and, per second, whether the
 * SLO held. A second misses the p95 limit when more than 5% of its responses are slower than the limit (that is what
 * a p95 over the limit means), or failed without an answer.
 */
final class EpisodeMeter {

    private static final long HIGHEST_MS = 120_000;

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
        for (int s = firstFaultSecond; s < count.length; s++) {
            if (breaches(s)) {
                breached++;
                lastBreach = s;
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

    private boolean breaches(int s) {
        if (count[s] == 0) {
            return false;
        }
        boolean tooManyErrors = slo.maxErrorPercent() != null && 100.0 * errors[s] / count[s] > slo.maxErrorPercent();
        boolean tooSlow = slo.p95Latency() != null && slow[s] > 0.05 * count[s];
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
