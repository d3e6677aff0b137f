package dev.prescale.report;

import dev.prescale.capacity.CapacityModel;
import dev.prescale.forecast.Forecast;
import dev.prescale.forecast.Series;
import dev.prescale.replay.PolicyReplay;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The rehearsal report: one self-contained HTML file (inline SVG, inline CSS, no script) with the forecast and its
 * interval against the actual traffic zoomed on the event, predicted utilization against the threshold at today's and
 * at the planned capacity, the capacity plan, the rehearsal's SLO results against the objectives used and, when
 * given, the policy replay (its cost/violation plane and table, as {@link ReplayReport} draws them).
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

    private RehearsalReport() {
    }

    public static Path write(Content c, Path file) {
        return Pages.write(file, html(c));
    }

    /** Hours of history shown before the event: as long as the event, at least six, at most two days. */
    static long historyShown(long eventSeconds) {
        return Math.max(6 * 3600, Math.min(2 * 86_400, eventSeconds));
    }

    public static String html(Content c) {
        Forecast f = c.forecast();
        double perSecond = 1.0 / f.step();
        // zoomed on the event: the forecast over it, and as much history before it as the event lasts (6 h to 2 days),
        // enough to judge the forecast; the actual drawn over the forecast where it is known
        long eventFrom = c.eventStart().getEpochSecond();
        long eventTo = Math.max(eventFrom + f.step(), c.eventEnd().getEpochSecond());
        long shownFrom = eventFrom - historyShown(eventTo - eventFrom);
        List<Integer> inForecast = new ArrayList<>();
        for (int h = 0; h < f.horizon(); h++) {
            long t = f.start() + h * f.step();
            if (t >= shownFrom && t <= eventTo) {
                inForecast.add(h);
            }
        }
        if (inForecast.isEmpty()) { // an event outside the forecast: show the whole forecast
            for (int h = 0; h < f.horizon(); h++) {
                inForecast.add(h);
            }
        }
        long[] ft = inForecast.stream().mapToLong(h -> f.start() + h * f.step()).toArray();
        double[] point = inForecast.stream().mapToDouble(h -> f.point()[h]).toArray();
        double[] lower = inForecast.stream().mapToDouble(h -> f.lower()[h]).toArray();
        double[] upper = inForecast.stream().mapToDouble(h -> f.upper()[h]).toArray();
        Series a = c.actual();
        List<Integer> inActual = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            long t = a.start() + i * a.step();
            if (t >= Math.min(shownFrom, ft[0]) && t <= eventTo) {
                inActual.add(i);
            }
        }
        long[] at = inActual.stream().mapToLong(i -> a.start() + i * a.step()).toArray();
        double[] actual = inActual.stream().mapToDouble(i -> a.values()[i]).toArray();
        String traffic = new SvgChart("Traffic around " + c.eventName() + ": forecast and its "
                + pct(f.intervalWidth()) + " interval against actual", "requests per " + f.step() + " s")
                .band(pct(f.intervalWidth()) + " interval", Palette.BLUE, ft, lower, upper)
                .line("forecast", Palette.BLUE, "6 3", ft, point)
                .line("actual", Palette.BLACK, at, actual).svg();
        long[] allTimes = times(f.start(), f.step(), f.horizon());
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
                .band("upper bound on " + c.plannedInstances() + " instances", Palette.GREEN, allTimes, planned,
                        plannedUpper)
                .line("on " + c.currentInstances() + " instances (today)", Palette.ORANGE, allTimes, nowUtil)
                .line("upper bound on " + c.currentInstances() + " instances", Palette.ORANGE, "5 4", allTimes,
                        nowUpper)
                .line("on " + c.plannedInstances() + " instances (planned)", Palette.GREEN, "2 3", allTimes, planned)
                .rule("threshold " + pct(c.target()), Palette.VERMILLION, c.target()).svg();
        long ready = c.readyBy().getEpochSecond();
        long[] ct = {Math.min(allTimes[0], ready - f.step()), ready, allTimes[allTimes.length - 1]};
        String capacity = new SvgChart("Capacity plan", "instances")
                .steps("capacity", Palette.PURPLE, ct, new double[]{c.currentInstances(), c.plannedInstances(),
                        c.plannedInstances()}).svg();
        boolean p95Ok = Double.isNaN(c.sloP95Millis()) || c.p95Millis() <= c.sloP95Millis();
        double errorRate = c.requests() == 0 ? 0 : c.errors() / (double) c.requests();
        boolean errorsOk = Double.isNaN(c.sloErrorRate()) || errorRate <= c.sloErrorRate();
        StringBuilder html = new StringBuilder();
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
                        + "<th>result</th></tr><tr><td>p95 response time</td><td>%s</td><td>%.0f ms</td>"
                        + "<td class=\"%s\">%s</td></tr><tr><td>error rate</td><td>%s</td><td>%.2f%% of %d</td>"
                        + "<td class=\"%s\">%s</td></tr></table>",
                Double.isNaN(c.sloP95Millis()) ? "none set" : String.format(Locale.ROOT, "p95 &le; %.0f ms",
                        c.sloP95Millis()),
                c.p95Millis(), p95Ok ? "pass" : "fail", p95Ok ? "PASS" : "FAIL",
                Double.isNaN(c.sloErrorRate()) ? "none set" : "&le; " + pct(c.sloErrorRate()), errorRate * 100,
                c.requests(),
                errorsOk ? "pass" : "fail", errorsOk ? "PASS" : "FAIL"));
        if (c.replay() != null) {
            html.append("<h2>Policy replay</h2><p>").append(SvgChart.escape(ReplayReport.world(c.replay())))
                    .append("</p>").append(ReplayReport.plane(c.replay())).append(ReplayReport.table(c.replay()));
        }
        return Pages.page(c.title(), html.toString());
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
