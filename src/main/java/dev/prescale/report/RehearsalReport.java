package dev.prescale.report;

import dev.prescale.capacity.CapacityModel;
import dev.prescale.forecast.Forecast;
import dev.prescale.forecast.Series;
import dev.prescale.replay.CapacitySimulator;
import dev.prescale.replay.PolicyReplay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * The rehearsal report: one self-contained HTML file (inline SVG, inline CSS, no script) with the forecast and its
 * interval against the actual traffic, predicted utilization against the threshold at today's and at the planned
 * capacity, the capacity plan, the rehearsal's SLO results and, when given, the policy replay table.
 */
public final class RehearsalReport {

    /**
     * @param actual          traffic history, requests per step (the forecast's unit)
     * @param forecast        the traffic forecast rehearsed
     * @param currentInstances capacity now
     * @param plannedInstances capacity planned for the event
     * @param readyBy         when the planned capacity must be in place
     * @param target          utilization threshold
     * @param requests        rehearsal requests sent
     * @param errors          of which failed
     * @param p95Millis       rehearsal p95
     * @param sloP95Millis    the objective's p95 (NaN for none)
     * @param sloErrorRate    the objective's error-rate limit (NaN for none)
     * @param replay          the policy replay of the same history, or null
     */
    public record Content(String title, String eventName, Instant eventStart, Instant eventEnd, Series actual,
                          Forecast forecast, CapacityModel model, int currentInstances, int plannedInstances,
                          Instant readyBy, double target, long requests, long errors, double p95Millis,
                          double sloP95Millis, double sloErrorRate, PolicyReplay.Report replay) {
    }

    private static final String BLUE = "#1f77b4";
    private static final String ORANGE = "#ff7f0e";
    private static final String GREEN = "#2ca02c";
    private static final String RED = "#d62728";
    private static final String PURPLE = "#9467bd";
    private static final String STYLE = "<style>body{font-family:system-ui,sans-serif;margin:24px;color:#222}"
            + "h1{font-size:22px}h2{font-size:17px;margin-top:28px}table{border-collapse:collapse}td,th{border:1px "
            + "solid #ccc;padding:4px 10px;text-align:right}th{background:#f3f3f3}.pass{color:#2ca02c;font-weight:bold}"
            + ".fail{color:#d62728;font-weight:bold}svg{display:block;margin:8px 0}</style>";

    private RehearsalReport() {
    }

    public static Path write(Content c, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, html(c));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rehearsal report to " + file + ": " + e.getMessage(), e);
        }
    }

    /** A page with the policy replay alone, for {@code prescale replay --html}. */
    public static Path writeReplay(PolicyReplay.Report replay, Path file) {
        String page = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Policy replay</title>"
                + STYLE + "</head><body><h1>Policy replay</h1>" + replaySection(replay) + "</body></html>";
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, page);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the replay report to " + file + ": " + e.getMessage(), e);
        }
    }

    private static String replaySection(PolicyReplay.Report replay) {
        var s = replay.settings();
        String world = String.format(Locale.ROOT, "%d minutes scored after %d minutes of training (%d marked as gaps "
                        + "or outages and not scored); one instance serves %.1f requests/min at 100%%; a minute above "
                        + "%.0f%% is a violation; warm-up %d min; metric lag %d min.", replay.oracle().minutes(),
                replay.fromMinute(), replay.excludedMinutes(), s.capacityPerInstance() * 60,
                s.violationUtilization() * 100, s.warmUpMinutes(), s.metricLagMinutes());
        StringBuilder html = new StringBuilder("<h2>Policy replay</h2><p>").append(SvgChart.escape(replay.trace()))
                .append(": what each policy would have done with this traffic. ").append(world)
                .append("</p><table id=\"replay\"><tr><th>policy</th><th>violation-minutes</th>"
                        + "<th>instance-hours</th><th>x oracle</th><th>changes</th></tr>");
        for (CapacitySimulator.Result r : replay.results()) {
            html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%.1f</td><td>%.3f</td><td>%d</td>"
                            + "</tr>", SvgChart.escape(r.policy()), r.violationMinutes(), r.instanceHours(),
                    r.instanceHours() / replay.oracle().instanceHours(), r.changes()));
        }
        html.append("</table><ul id=\"replay-comparisons\">");
        replay.comparisons().forEach(line -> html.append("<li>").append(SvgChart.escape(line)).append("</li>"));
        return html.append("</ul>").toString();
    }

    public static String html(Content c) {
        Forecast f = c.forecast();
        long[] ft = times(f.start(), f.step(), f.horizon());
        double perSecond = 1.0 / f.step();
        // the actual traffic of the two days before the forecast, on the same scale
        Series a = c.actual();
        int from = (int) Math.max(0, a.size() - 2 * 86_400 / a.step());
        long[] at = times(a.start() + from * a.step(), a.step(), a.size() - from);
        double[] actual = Arrays.copyOfRange(a.values(), from, a.size());
        String traffic = new SvgChart("Traffic: forecast with its " + pct(f.intervalWidth()) + " interval against actual",
                "requests per " + f.step() + " s")
                .band(pct(f.intervalWidth()) + " interval", BLUE, ft, f.lower(), f.upper())
                .line("actual", "#333333", at, actual)
                .line("forecast", BLUE, ft, f.point()).svg();
        double[] nowUtil = new double[f.horizon()];
        double[] nowUpper = new double[f.horizon()];
        double[] planned = new double[f.horizon()];
        double[] plannedUpper = new double[f.horizon()];
        for (int h = 0; h < f.horizon(); h++) {
            nowUtil[h] = c.model().utilizationAt(f.point()[h] * perSecond, Math.max(1, c.currentInstances()));
            nowUpper[h] = c.model().utilizationAt(f.upper()[h] * perSecond, Math.max(1, c.currentInstances()));
            planned[h] = c.model().utilizationAt(f.point()[h] * perSecond, Math.max(1, c.plannedInstances()));
            plannedUpper[h] = c.model().utilizationAt(f.upper()[h] * perSecond, Math.max(1, c.plannedInstances()));
        }
        String utilization = new SvgChart("Predicted utilization against the threshold", "utilization")
                .band("upper bound on " + c.plannedInstances() + " instances", GREEN, ft, planned, plannedUpper)
                .line("on " + c.currentInstances() + " instances (today)", ORANGE, ft, nowUtil)
                .dashed("upper bound on " + c.currentInstances() + " instances", ORANGE, ft, nowUpper)
                .line("on " + c.plannedInstances() + " instances (planned)", GREEN, ft, planned)
                .rule("threshold " + pct(c.target()), RED, c.target()).svg();
        long ready = c.readyBy().getEpochSecond();
        long[] ct = {Math.min(ft[0], ready - f.step()), ready, ft[ft.length - 1]};
        String capacity = new SvgChart("Capacity plan", "instances")
                .steps("capacity", PURPLE, ct, new double[]{c.currentInstances(), c.plannedInstances(),
                        c.plannedInstances()}).svg();
        boolean p95Ok = Double.isNaN(c.sloP95Millis()) || c.p95Millis() <= c.sloP95Millis();
        double errorRate = c.requests() == 0 ? 0 : c.errors() / (double) c.requests();
        boolean errorsOk = Double.isNaN(c.sloErrorRate()) || errorRate <= c.sloErrorRate();
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>").append(SvgChart.escape(c.title())).append("</title>").append(STYLE)
                .append("</head><body>");
        html.append("<h1>").append(SvgChart.escape(c.title())).append("</h1>");
        html.append(String.format(Locale.ROOT, "<p>Event <b>%s</b> from %s to %s. Forecast by %s.</p>",
                SvgChart.escape(c.eventName()), c.eventStart(), c.eventEnd(), SvgChart.escape(f.model())));
        html.append("<h2>Forecast</h2>").append(traffic);
        html.append("<h2>Predicted utilization</h2>").append(utilization);
        html.append("<h2>Capacity plan</h2>").append(capacity);
        html.append(String.format(Locale.ROOT, "<table><tr><th>today</th><th>planned</th><th>ready by</th>"
                        + "<th>peak forecast (upper)</th><th>peak utilization planned (upper)</th></tr><tr><td>%d</td>"
                        + "<td>%d</td><td>%s</td><td>%.1f req/s</td><td>%s</td></tr></table>", c.currentInstances(),
                c.plannedInstances(), c.readyBy(), max(f.upper()) * perSecond, pct(max(plannedUpper))));
        html.append("<h2>Rehearsal SLO results</h2>");
        html.append(String.format(Locale.ROOT, "<table id=\"slo\"><tr><th>objective</th><th>limit</th><th>measured</th>"
                        + "<th>result</th></tr><tr><td>p95</td><td>%s</td><td>%.0f ms</td><td class=\"%s\">%s</td></tr>"
                        + "<tr><td>error rate</td><td>%s</td><td>%.2f%% of %d</td><td class=\"%s\">%s</td></tr></table>",
                Double.isNaN(c.sloP95Millis()) ? "none" : String.format(Locale.ROOT, "%.0f ms", c.sloP95Millis()),
                c.p95Millis(), p95Ok ? "pass" : "fail", p95Ok ? "PASS" : "FAIL",
                Double.isNaN(c.sloErrorRate()) ? "none" : pct(c.sloErrorRate()), errorRate * 100, c.requests(),
                errorsOk ? "pass" : "fail", errorsOk ? "PASS" : "FAIL"));
        if (c.replay() != null) {
            html.append(replaySection(c.replay()));
        }
        return html.append("</body></html>").toString();
    }

    private static long[] times(long start, long step, int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = start + i * step;
        }
        return t;
    }

    private static double max(double[] values) {
        return Arrays.stream(values).filter(Double::isFinite).max().orElse(0);
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }
}
