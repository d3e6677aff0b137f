package dev.prescale.report;

import dev.prescale.replay.CapacitySimulator;
import dev.prescale.replay.PolicyReplay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The policy replay as a page a user decides from: the cost/violation plane with every policy and setting as a point
 * and each family's frontier; per policy, demand against serving capacity with the violation minutes marked, one day
 * at a time (the worst day shown first, the others a click away, no script: radio buttons and CSS); a per-day table;
 * and the full table. {@link #suite} writes one page per trace and an index linking them.
 */
public final class ReplayReport {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private ReplayReport() {
    }

    /** Writes the page of one replay. */
    public static Path write(PolicyReplay.Report replay, Path file) {
        return Pages.write(file, Pages.page("Policy replay: " + name(replay), body(replay)));
    }

    /** The trace's file name, without the folders it was read from. */
    private static String name(PolicyReplay.Report replay) {
        String t = replay.trace();
        return t.substring(Math.max(t.lastIndexOf('/'), t.lastIndexOf('\\')) + 1);
    }

    /**
     * Writes an index of a suite to {@code index} and each trace's page beside it ({@code <trace>.html}).
     *
     */
    public static Path suite(List<PolicyReplay.Report> reports, Path index) {
        Path folder = index.toAbsolutePath().getParent();
        StringBuilder body = new StringBuilder("<h1>Policy replay suite</h1><p>Every trace by one rule: the last week "
                + "scored (a quarter of a shorter trace, at least a day), everything before it training; the default "
                + "chosen on the training window alone.</p><table id=\"suite\"><tr><th>trace</th><th>default</th>"
                + "<th>violation-minutes %</th><th>x oracle</th><th>yardstick violation-minutes %</th>"
                + "<th>yardstick x oracle</th></tr>");
        for (PolicyReplay.Report r : reports) {
            String page = r.trace().replaceAll("[^A-Za-z0-9._-]", "_") + ".html";
            write(r, folder.resolve(page));
            PolicyReplay.Row d = r.rows().stream().filter(PolicyReplay.Row::recommended).findFirst()
                    .orElse(r.rows().get(0));
            PolicyReplay.Row yard = r.rows().stream().filter(x -> x.kind().equals("weekly-peak-hybrid")).findFirst()
                    .orElse(d);
            double oracle = r.oracle().instanceHours();
            body.append(String.format(Locale.ROOT, "<tr><td><a href=\"%s\">%s</a></td><td>%s</td><td>%.3f</td>"
                            + "<td>%.2f</td><td>%.3f</td><td>%.2f</td></tr>", page, SvgChart.escape(r.trace()),
                    SvgChart.escape(d.setting().label()), share(d) * 100, d.result().instanceHours() / oracle,
                    share(yard) * 100, yard.result().instanceHours() / oracle));
        }
        return Pages.write(index, Pages.page("Policy replay suite", body.append("</table>").toString()));
    }

    static String body(PolicyReplay.Report replay) {
        StringBuilder html = new StringBuilder("<h1>Policy replay: ").append(SvgChart.escape(name(replay)))
                .append("</h1><p>").append(SvgChart.escape(world(replay))).append("</p>");
        replay.verdict().ifPresent(v -> html.append("<p class=\"verdict\">").append(SvgChart.escape(v))
                .append("</p>"));
        html.append("<h2>Cost against violations</h2><p>Each point is one policy at one setting; a family's line joins "
                + "the settings no other of the family beats on both counts. Down and to the left is better.</p>");
        html.append(plane(replay));
        if (replay.demandRps() != null && replay.epoch() != null) {
            html.append("<h2>What each policy did</h2><p>Demand (as instances' worth at 100%) against the instances "
                    + "serving, violation minutes shaded. Each policy opens on its worst day; pick another below its "
                    + "chart.</p>");
            List<PolicyReplay.Row> shown = timelineRows(replay);
            for (int i = 0; i < shown.size(); i++) {
                html.append(timelines(replay, shown.get(i), i));
            }
            html.append(dayTable(replay, shown));
        }
        html.append(table(replay));
        return html.toString();
    }

    static String world(PolicyReplay.Report replay) {
        var s = replay.settings();
        return String.format(Locale.ROOT, "%d minutes scored after %d minutes of training (%d marked as gaps or "
                        + "outages and not scored); one instance serves %.1f requests/min at 100%%; a minute above "
                        + "%.0f%% is a violation; warm-up %d min; metric lag %d min.", replay.oracle().minutes(),
                replay.fromMinute(), replay.excludedMinutes(), s.capacityPerInstance() * 60,
                s.violationUtilization() * 100, s.warmUpMinutes(), s.metricLagMinutes());
    }

    private static String family(PolicyReplay.Row row) {
        return row.kind().startsWith("oracle") ? "oracles" : row.kind();
    }

    static String plane(PolicyReplay.Report replay) {
        SvgPlane plane = new SvgPlane("Instance cost against violation-minutes, every policy and setting",
                "instance-hours, times the per-minute oracle's", "violation-minutes, % of minutes scored");
        double oracle = replay.oracle().instanceHours();
        for (PolicyReplay.Row row : replay.rows()) {
            plane.point(family(row), row.setting().label(), row.result().instanceHours() / oracle, share(row) * 100);
        }
        return plane.svg();
    }

    /** The rows worth a timeline: the default, the reactive ones, the yardstick, the learned policy. */
    static List<PolicyReplay.Row> timelineRows(PolicyReplay.Report replay) {
        List<PolicyReplay.Row> rows = new ArrayList<>();
        replay.rows().stream().filter(PolicyReplay.Row::recommended).forEach(rows::add);
        replay.rows().stream().filter(r -> !r.recommended() && r.timeline() != null && (r.kind().equals("reactive")
                || r.kind().equals("weekly-peak-hybrid") || r.kind().equals(PolicyReplay.LEARNED))).forEach(rows::add);
        return rows.stream().filter(r -> r.timeline() != null).toList();
    }

    /** Epoch minute of the first scored minute. */
    private static long firstMinute(PolicyReplay.Report replay) {
        return replay.epoch().getEpochSecond() / 60 + replay.fromMinute();
    }

    /** The UTC day (0 = the first scored minute's) scored minute {@code m} falls in. */
    private static int day(PolicyReplay.Report replay, int m) {
        long first = firstMinute(replay);
        return (int) (Math.floorDiv(first + m, 1440) - Math.floorDiv(first, 1440));
    }

    /** UTC days the scored minutes touch. */
    private static int days(PolicyReplay.Report replay) {
        return replay.demandRps().length == 0 ? 0 : day(replay, replay.demandRps().length - 1) + 1;
    }

    /** Scored minutes [from, to) of day {@code d}. */
    private static int[] dayMinutes(PolicyReplay.Report replay, int d) {
        long first = firstMinute(replay);
        long dayStart = (Math.floorDiv(first, 1440) + d) * 1440;
        int from = (int) Math.max(0, dayStart - first);
        int to = (int) Math.min(replay.demandRps().length, dayStart + 1440 - first);
        return new int[]{from, to};
    }

    private static int[] violationsByDay(PolicyReplay.Report replay, PolicyReplay.Row row) {
        int[] byDay = new int[days(replay)];
        boolean[] v = row.timeline().violated();
        for (int m = 0; m < v.length; m++) {
            byDay[day(replay, m)] += v[m] ? 1 : 0;
        }
        return byDay;
    }

    private static String timelines(PolicyReplay.Report replay, PolicyReplay.Row row, int index) {
        int days = days(replay);
        int[] violations = violationsByDay(replay, row);
        int worst = 0;
        for (int d = 1; d < days; d++) {
            worst = violations[d] > violations[worst] ? d : worst;
        }
        long first = replay.epoch().getEpochSecond() + 60L * replay.fromMinute();
        double perInstance = replay.settings().capacityPerInstance();
        String group = "p" + index;
        StringBuilder css = new StringBuilder();
        StringBuilder inputs = new StringBuilder();
        StringBuilder charts = new StringBuilder();
        for (int d = 0; d < days; d++) {
            int[] span = dayMinutes(replay, d);
            int from = span[0];
            int to = span[1];
            long[] t = new long[to - from];
            double[] demand = new double[t.length];
            double[] serving = new double[t.length];
            List<Long> marked = new ArrayList<>();
            for (int m = from; m < to; m++) {
                t[m - from] = first + 60L * m;
                demand[m - from] = Double.isNaN(replay.demandRps()[m]) ? Double.NaN
                        : replay.demandRps()[m] / perInstance;
                serving[m - from] = row.timeline().serving()[m];
                if (row.timeline().violated()[m]) {
                    marked.add(first + 60L * m);
                }
            }
            String id = group + "d" + d;
            String dayLabel = DAY.format(java.time.Instant.ofEpochSecond(first + 60L * from));
            css.append('#').append(id).append(":checked~.").append(id).append("{display:block}");
            inputs.append("<input type=\"radio\" name=\"").append(group).append("\" id=\"").append(id).append('"')
                    .append(d == worst ? " checked" : "").append("><label for=\"").append(id).append("\">")
                    .append(dayLabel).append(" (").append(violations[d]).append(")</label>");
            charts.append("<div class=\"day ").append(id).append("\">").append(new SvgChart(
                            dayLabel + ": " + violations[d] + " violation-minutes", "instances").line("demand, instances' worth at 100%", Palette.BLACK, t, demand)
                    .steps("instances serving", Palette.BLUE, "6 3", t, serving)
                    .marks("violation minutes", Palette.VERMILLION, marked.stream().mapToLong(Long::longValue)
                            .toArray(), 60).svg()).append("</div>");
        }
        return "<style>" + css + "</style><h3 id=\"timeline-" + index + "\">" + SvgChart.escape(row.result().policy())
                + (row.recommended() ? " (default)" : "") + "</h3><div class=\"days\">" + inputs + charts + "</div>";
    }

    private static String dayTable(PolicyReplay.Report replay, List<PolicyReplay.Row> rows) {
        StringBuilder html = new StringBuilder("<h2>Day by day</h2><table id=\"days\"><tr><th>day (UTC)</th>");
        rows.forEach(r -> html.append("<th>").append(SvgChart.escape(r.setting().label())).append("<br>violation-min"
                + " / instance-h</th>"));
        html.append("</tr>");
        long first = replay.epoch().getEpochSecond() + 60L * replay.fromMinute();
        for (int d = 0; d < days(replay); d++) {
            int[] span = dayMinutes(replay, d);
            html.append("<tr><td>").append(DAY.format(java.time.Instant.ofEpochSecond(first + 60L * span[0])))
                    .append("</td>");
            for (PolicyReplay.Row r : rows) {
                int violated = 0;
                double hours = 0;
                for (int m = span[0]; m < span[1]; m++) {
                    violated += r.timeline().violated()[m] ? 1 : 0;
                    hours += r.timeline().paid()[m] / 60.0;
                }
                html.append(String.format(Locale.ROOT, "<td>%d / %.1f</td>", violated, hours));
            }
            html.append("</tr>");
        }
        return html.append("</table>").toString();
    }

    /** The replay's table and its comparisons (also the rehearsal report's replay section). */
    static String table(PolicyReplay.Report replay) {
        StringBuilder html = new StringBuilder("<h2>Every policy</h2><table id=\"replay\"><tr><th>policy</th>"
                + "<th>violation-minutes</th><th>instance-hours</th><th>x oracle</th><th>changes</th></tr>");
        for (PolicyReplay.Row row : replay.rows()) {
            CapacitySimulator.Result r = row.result();
            html.append(String.format(Locale.ROOT, "<tr><td>%s%s</td><td>%d</td><td>%.1f</td><td>%.3f</td><td>%d</td>"
                            + "</tr>", SvgChart.escape(r.policy()), row.recommended() ? " (default)" : "",
                    r.violationMinutes(), r.instanceHours(), r.instanceHours() / replay.oracle().instanceHours(),
                    r.changes()));
        }
        html.append("</table><ul id=\"replay-comparisons\">");
        replay.comparisons().forEach(line -> html.append("<li>").append(SvgChart.escape(line)).append("</li>"));
        return html.append("</ul>").toString();
    }

    private static double share(PolicyReplay.Row row) {
        return row.result().violationMinutes() / (double) Math.max(1, row.result().minutes());
    }
}
