package dev.prescale.resilience;

import dev.prescale.report.Pages;
import dev.prescale.report.Palette;
import dev.prescale.report.SvgChart;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The resilience report as a page beside its Markdown: the episodes on one timeline, each fault shaded by how the SLO
 * fared (absorbed, recovered, not recovered), p95 and errors before, during and after each fault against the SLO, the
 * fleet the loop ran, and the table with what the loop did.
 */
public final class ResilienceHtml {

    private ResilienceHtml() {
    }

    public static Path write(ResilienceReport report, Path file) {
        return Pages.write(file, html(report));
    }

    public static String html(ResilienceReport r) {
        List<Long> times = new ArrayList<>();
        List<Double> p95 = new ArrayList<>();
        List<Double> errors = new ArrayList<>();
        List<Long> fleetTimes = new ArrayList<>();
        List<Double> fleet = new ArrayList<>();
        List<Long> absorbed = new ArrayList<>();
        List<Long> recovered = new ArrayList<>();
        List<Long> broken = new ArrayList<>();
        long start = r.started().getEpochSecond();
        for (ResilienceReport.Outcome o : r.outcomes()) {
            ResiliencePlan.Episode e = o.episode();
            long[] edges = {at(start, e.slotStart()), at(start, e.faultStart()), at(start, e.faultEnd()),
                    at(start, e.slotEnd())};
            ResilienceReport.Window[] windows = {o.before(), o.during(), o.after()};
            for (int w = 0; w < 3; w++) {
                times.add(edges[w]);
                p95.add(windows[w].requests() == 0 ? Double.NaN : windows[w].p95Millis());
                errors.add(windows[w].requests() == 0 ? Double.NaN : windows[w].errorPercent());
            }
            fleetTimes.add(edges[0]); // the same span as the other charts: the slot, from its start
            fleet.add((double) o.fleetBefore());
            fleetTimes.add(edges[1]);
            fleet.add((double) o.fleetBefore());
            fleetTimes.add(edges[3]);
            fleet.add((double) o.fleetAfter());
            List<Long> shade = switch (o.verdict()) {
                case ABSORBED -> absorbed;
                case RECOVERED -> recovered;
                default -> broken;
            };
            for (long t = edges[1]; t < Math.max(edges[1] + 1, edges[2]); t++) {
                shade.add(t);
            }
        }
        if (!r.outcomes().isEmpty()) {
            times.add(at(start, r.outcomes().get(r.outcomes().size() - 1).episode().slotEnd()));
            p95.add(p95.get(p95.size() - 1));
            errors.add(errors.get(errors.size() - 1));
        }
        long[] t = times.stream().mapToLong(Long::longValue).toArray();
        SvgChart latency = shaded(new SvgChart("p95 response time before, during and after each fault", "ms"),
                absorbed, recovered, broken).steps("p95", Palette.BLUE, t, doubles(p95));
        r.slo().p95().ifPresent(d -> latency.rule("SLO p95 " + d.toMillis() + " ms", Palette.VERMILLION,
                d.toMillis()));
        SvgChart failures = shaded(new SvgChart("Failed responses", "% of responses"), absorbed, recovered, broken)
                .steps("errors", Palette.PURPLE, "7 4", t, doubles(errors));
        r.slo().maxErrors().ifPresent(e -> failures.rule(String.format(Locale.ROOT, "SLO errors %.1f%%", e),
                Palette.VERMILLION, e));
        String capacity = shaded(new SvgChart("Instances the loop ran", "instances"), absorbed, recovered, broken)
                .steps("fleet", Palette.GREEN, "2 3", fleetTimes.stream().mapToLong(Long::longValue).toArray(),
                        doubles(fleet)).svg();
        StringBuilder html = new StringBuilder("<h1>Resilience rehearsal: ").append(Pages.escape(r.name()))
                .append("</h1><p>").append(Pages.escape(String.format(Locale.ROOT, "Run %s, started %s. %d "
                                + "episodes: %d absorbed, %d recovered, %d not recovered, %d without traffic.",
                        r.runId(), r.started(), r.outcomes().size(), count(r, ResilienceReport.Verdict.ABSORBED),
                        count(r, ResilienceReport.Verdict.RECOVERED), count(r, ResilienceReport.Verdict.NOT_RECOVERED),
                        count(r, ResilienceReport.Verdict.NO_TRAFFIC)))).append("</p>");
        if (r.loopError() != null) {
            html.append("<p class=\"fail\">The loop failed during the rehearsal, last at ")
                    .append(Pages.escape(r.loopError())).append(".</p>");
        }
        html.append("<h2>Episodes on a timeline</h2><p>Faults are shaded by outcome: green absorbed, orange recovered, "
                + "vermillion not recovered.</p>").append(latency.svg()).append(failures.svg()).append(capacity);
        html.append("<h2>Episodes</h2><table id=\"episodes\"><tr><th>#</th><th>verdict</th><th>issues</th>"
                + "<th>fault</th><th>during p95 / errors</th><th>fleet</th><th>what the loop did</th></tr>");
        for (ResilienceReport.Outcome o : r.outcomes()) {
            ResiliencePlan.Episode e = o.episode();
            List<String> loop = new ArrayList<>(o.anomalies().stream().map(a -> "anomaly: " + a).toList());
            loop.addAll(o.actions());
            html.append(String.format(Locale.ROOT, "<tr><td>%d</td><td class=\"%s\">%s</td><td>%s</td><td>%d s</td>"
                            + "<td>%s</td><td>%d &rarr; %d</td><td>%s</td></tr>", e.number(),
                    o.verdict() == ResilienceReport.Verdict.NOT_RECOVERED ? "fail" : "pass",
                    o.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' '), Pages.escape(o.issues()),
                    e.faultEnd().minus(e.faultStart()).toSeconds(), o.during().requests() == 0 ? "no traffic"
                            : String.format(Locale.ROOT, "%.0f ms / %.1f%%", o.during().p95Millis(),
                            o.during().errorPercent()), o.fleetBefore(), o.fleetAfter(),
                    Pages.escape(loop.isEmpty() ? "nothing" : String.join("; ", loop))));
        }
        return Pages.page("Resilience rehearsal: " + r.name(), html.append("</table>").toString());
    }

    private static SvgChart shaded(SvgChart chart, List<Long> absorbed, List<Long> recovered, List<Long> broken) {
        if (!absorbed.isEmpty()) {
            chart.marks("fault absorbed", Palette.GREEN, absorbed.stream().mapToLong(Long::longValue).toArray(), 1);
        }
        if (!recovered.isEmpty()) {
            chart.marks("fault, recovered", Palette.ORANGE, recovered.stream().mapToLong(Long::longValue).toArray(),
                    1);
        }
        if (!broken.isEmpty()) {
            chart.marks("fault, not recovered", Palette.VERMILLION, broken.stream().mapToLong(Long::longValue)
                    .toArray(), 1);
        }
        return chart;
    }

    private static long at(long start, Duration offset) {
        return start + offset.toSeconds();
    }

    private static double[] doubles(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static long count(ResilienceReport r, ResilienceReport.Verdict v) {
        return r.outcomes().stream().filter(o -> o.verdict() == v).count();
    }
}
