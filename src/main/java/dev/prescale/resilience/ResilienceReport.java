package dev.prescale.resilience;

import dev.prescale.issues.SimulatedIssue;
import dev.prescale.profile.Slo;
import dev.prescale.store.Point;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which issues the scaling policy in place absorbs and which breach the SLO: one outcome per episode of a resilience
 * rehearsal, with what the loop did during it.
 *
 * @param loopError the loop's last failure, if it failed during the rehearsal (null when it never did)
 */
public record ResilienceReport(String name, String runId, Instant started, Slo slo, List<Outcome> outcomes,
                               List<SimulatedIssue> skipped, String loopError) {

    /** How an episode went. */
    public enum Verdict {
        /** The SLO held through the faults and the recovery allowance. */
        ABSORBED,
        /** It broke during the episode, and held again once the recovery allowance was over. */
        RECOVERED,
        /** It was still broken at the end of the slot. */
        NOT_RECOVERED,
        /** Too little traffic reached the slot to tell: the rehearsal proved nothing about this episode. */
        NO_TRAFFIC
    }

    /** Responses of one part of a slot. {@code p95Millis} is NaN when none had a response time. */
    public record Window(long requests, long errors, double p95Millis) {

        public double errorPercent() {
            return requests == 0 ? 0 : 100.0 * errors / requests;
        }

        /** True when it had traffic and kept every limit the SLO sets. */
        public boolean meets(Slo slo) {
            if (requests == 0) {
                return false;
            }
            boolean errorsOk = slo.maxErrorPercent() == null || errorPercent() <= slo.maxErrorPercent();
            boolean latencyOk = slo.p95Latency() == null
                    || (!Double.isNaN(p95Millis) && p95Millis <= slo.p95Latency().toMillis());
            return errorsOk && latencyOk;
        }
    }

    /**
     * One episode's outcome.
     *
     * @param secondsBreached seconds from the first fault to the end of the slot that missed the SLO
     * @param metAgainAfter   how long after the first fault began the SLO held for good, when it broke and recovered
     * @param actions         what the loop did to capacity during the slot, with when and why
     * @param anomalies       the anomalies the loop opened during the slot
     */
    public record Outcome(ResiliencePlan.Episode episode, Window before, Window during, Window after,
                          int secondsBreached, Optional<Duration> metAgainAfter, List<String> actions,
                          List<String> anomalies, int fleetBefore, int fleetAfter, Verdict verdict) {

        public Outcome {
            actions = List.copyOf(actions);
            anomalies = List.copyOf(anomalies);
        }

        /** The episode's issues in a line: type on component, severity, predicted impact. */
        public String issues() {
            return episode.issues().stream().map(i -> i.type() + " on " + i.component() + " (" + i.severity() + ", "
                    + i.predictedImpact() + (i.origin().equals("observed") ? "" : ", " + i.origin()) + ")")
                    .collect(Collectors.joining(" + "));
        }
    }

    public ResilienceReport {
        outcomes = List.copyOf(outcomes);
        skipped = List.copyOf(skipped);
    }

    public long count(Verdict v) {
        return outcomes.stream().filter(o -> o.verdict() == v).count();
    }

    /** A plain-text table, one row per episode, then the totals. */
    public String text() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "Resilience rehearsal %s (run %s), SLO: %s%n",
                name, runId, sloText()));
        out.append(String.format(Locale.ROOT, "%3s  %-15s %6s  %-17s %-17s %-17s %6s  %-14s %s%n", "#", "verdict",
                "fault", "before p95/err", "during p95/err", "after p95/err", "fleet", "SLO back after", "issues"));
        for (Outcome o : outcomes) {
            ResiliencePlan.Episode e = o.episode();
            out.append(String.format(Locale.ROOT, "%3d  %-15s %5ds  %-17s %-17s %-17s %6s  %-14s %s%n", e.number(),
                    o.verdict(), e.faultEnd().minus(e.faultStart()).toSeconds(), window(o.before()),
                    window(o.during()), window(o.after()), o.fleetBefore() + "→" + o.fleetAfter(),
                    o.metAgainAfter().map(d -> d.toSeconds() + " s").orElse(o.secondsBreached() == 0 ? "-"
                            : "not in slot"), o.issues()));
            o.anomalies().forEach(a -> out.append("       anomaly: ").append(a).append('\n'));
            o.actions().forEach(a -> out.append("       loop: ").append(a).append('\n'));
        }
        out.append(String.format(Locale.ROOT, "%d episodes: %d absorbed, %d recovered, %d not recovered, %d without "
                        + "traffic; %d issues not played%n", outcomes.size(), count(Verdict.ABSORBED),
                count(Verdict.RECOVERED), count(Verdict.NOT_RECOVERED), count(Verdict.NO_TRAFFIC), skipped.size()));
        if (loopError != null) {
            out.append("the loop failed during the rehearsal, last at ").append(loopError).append('\n');
        }
        return out.toString();
    }

    /** The report as Markdown, for a pipeline's artifacts or a pull request. */
    public String markdown() {
        StringBuilder out = new StringBuilder("# Resilience rehearsal: " + name + "\n\n");
        out.append("Run `").append(runId).append("`, started ").append(started).append(". SLO: ").append(sloText())
                .append(".\n\n| # | verdict | issues | fault | before p95 / errors | during | after | fleet | "
                        + "SLO back after | what the loop did |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (Outcome o : outcomes) {
            ResiliencePlan.Episode e = o.episode();
            List<String> loop = new ArrayList<>(o.anomalies().stream().map(a -> "anomaly: " + a).toList());
            loop.addAll(o.actions());
            out.append(String.format(Locale.ROOT, "| %d | %s | %s | %d s | %s | %s | %s | %d → %d | %s | %s |%n",
                    e.number(), o.verdict(), o.issues().replace("|", "\\|"),
                    e.faultEnd().minus(e.faultStart()).toSeconds(), window(o.before()), window(o.during()),
                    window(o.after()), o.fleetBefore(), o.fleetAfter(),
                    o.metAgainAfter().map(d -> d.toSeconds() + " s").orElse(o.secondsBreached() == 0 ? "never broke"
                            : "not in the slot"), loop.isEmpty() ? "nothing" : String.join("; ", loop)
                            .replace("|", "\\|")));
        }
        out.append(String.format(Locale.ROOT, "%n%d episodes: %d absorbed, %d recovered, %d not recovered, %d "
                        + "without traffic.%n", outcomes.size(), count(Verdict.ABSORBED), count(Verdict.RECOVERED),
                count(Verdict.NOT_RECOVERED), count(Verdict.NO_TRAFFIC)));
        if (loopError != null) {
            out.append("\n**The loop failed during the rehearsal**, last at ").append(loopError).append(".\n");
        }
        if (!skipped.isEmpty()) {
            out.append("\nNot played (no fault for the type, or past the episode limit): ")
                    .append(skipped.stream().map(i -> i.type() + "@" + i.component() + " " + i.start())
                            .collect(Collectors.joining(", "))).append(".\n");
        }
        return out.toString();
    }

    public Path writeMarkdown(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.writeString(file, markdown());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the resilience report to " + file + ": " + e.getMessage(), e);
        }
    }

    /** One {@code resilience_episode} point per episode, at the first fault's start (see profile-db/SCHEMA.md). */
    public List<Point> points() {
        List<Point> points = new ArrayList<>();
        for (Outcome o : outcomes) {
            ResiliencePlan.Episode e = o.episode();
            Point.Builder p = Point.of("resilience_episode", started.plus(e.faultStart())).tag("run_id", runId)
                    .tag("episode", String.valueOf(e.number())).tag("verdict", o.verdict().name().toLowerCase())
                    .tag("severity", e.severity())
                    .field("issues", o.issues()).field("end", started.plus(e.faultEnd()).toString())
                    .field("during_requests", o.during().requests())
                    .field("during_error_pct", o.during().errorPercent())
                    .field("after_error_pct", o.after().errorPercent())
                    .field("seconds_breached", (long) o.secondsBreached())
                    .field("fleet_before", (long) o.fleetBefore()).field("fleet_after", (long) o.fleetAfter())
                    .field("actions", String.join("; ", o.actions()));
            if (!Double.isNaN(o.during().p95Millis())) {
                p.field("during_p95_ms", o.during().p95Millis());
            }
            if (!Double.isNaN(o.after().p95Millis())) {
                p.field("after_p95_ms", o.after().p95Millis());
            }
            o.metAgainAfter().ifPresent(d -> p.field("slo_back_after_s", (double) d.toSeconds()));
            points.add(p.build());
        }
        return points;
    }

    private String sloText() {
        List<String> parts = new ArrayList<>();
        slo.p95().ifPresent(d -> parts.add("p95 under " + d.toMillis() + " ms"));
        slo.maxErrors().ifPresent(e -> parts.add(String.format(Locale.ROOT, "errors under %.1f%%", e)));
        return String.join(", ", parts);
    }

    private static String window(Window w) {
        return w.requests() == 0 ? "no traffic" : String.format(Locale.ROOT, "%.0f ms / %.1f%%", w.p95Millis(),
                w.errorPercent());
    }
}
