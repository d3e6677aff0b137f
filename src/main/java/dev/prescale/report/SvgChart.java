package dev.prescale.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A time chart drawn as inline SVG: lines (solid, dashed, or steps that hold each value), shaded bands (an interval),
 * horizontal reference lines (a threshold) and marks (minutes that broke an objective). No script and no external
 * file, so a report stays one self-contained file that any browser, mail client or CI artifact viewer shows the same
 * way. Colours and dashes come from {@link Palette}; the chart is 680 px wide by default, which prints on an A4 page's
 * width, and scales down with its container. Axis labels are chosen for the span shown and anchored so none is cut;
 * the legend wraps onto as many rows as it needs.
 */
public final class SvgChart {

    static final int WIDTH = 680;
    private static final int LEFT = 56;
    private static final int RIGHT = 14;
    private static final int TOP = 26;
    private static final int AXIS = 30;
    private static final int LEGEND_ROW = 16;

    private record Line(String label, String color, String dash, long[] times, double[] values, boolean step) {
    }

    private record Band(String label, String color, long[] times, double[] lower, double[] upper) {
    }

    private record Rule(String label, String color, double value) {
    }

    private record Marks(String label, String color, long[] times, long width) {
    }

    private final String title;
    private final String unit;
    private int width = WIDTH;
    private int plotHeight = 190;
    private final List<Line> lines = new ArrayList<>();
    private final List<Band> bands = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();
    private final List<Marks> marks = new ArrayList<>();

    public SvgChart(String title, String unit) {
        this.title = title;
        this.unit = unit;
    }

    /** Another size: {@code width} pixels across, {@code plotHeight} of them for the plot itself. */
    public SvgChart size(int width, int plotHeight) {
        this.width = width;
        this.plotHeight = plotHeight;
        return this;
    }

    /** @param times epoch seconds */
    public SvgChart line(String label, String color, long[] times, double[] values) {
        return line(label, color, "", times, values);
    }

    /** A line with a dash pattern ({@link Palette#dash}; empty for solid). */
    public SvgChart line(String label, String color, String dash, long[] times, double[] values) {
        lines.add(new Line(label, color, dash, times, values, false));
        return this;
    }

    public SvgChart dashed(String label, String color, long[] times, double[] values) {
        return line(label, color, "5 4", times, values);
    }

    /** A line that holds each value until the next time (capacity over time). */
    public SvgChart steps(String label, String color, long[] times, double[] values) {
        return steps(label, color, "", times, values);
    }

    public SvgChart steps(String label, String color, String dash, long[] times, double[] values) {
        lines.add(new Line(label, color, dash, times, values, true));
        return this;
    }

    public SvgChart band(String label, String color, long[] times, double[] lower, double[] upper) {
        bands.add(new Band(label, color, times, lower, upper));
        return this;
    }

    public SvgChart rule(String label, String color, double value) {
        rules.add(new Rule(label, color, value));
        return this;
    }

    /** Columns over the plot's full height at {@code times}, each {@code width} seconds wide (violation minutes). */
    public SvgChart marks(String label, String color, long[] times, long width) {
        marks.add(new Marks(label, color, times, width));
        return this;
    }

    public String svg() {
        long t0 = Long.MAX_VALUE;
        long t1 = Long.MIN_VALUE;
        double max = 0;
        for (Line l : lines) {
            for (int i = 0; i < l.times.length; i++) {
                t0 = Math.min(t0, l.times[i]);
                t1 = Math.max(t1, l.times[i]);
                max = finite(l.values[i]) ? Math.max(max, l.values[i]) : max;
            }
        }
        for (Band b : bands) {
            for (int i = 0; i < b.times.length; i++) {
                t0 = Math.min(t0, b.times[i]);
                t1 = Math.max(t1, b.times[i]);
                max = finite(b.upper[i]) ? Math.max(max, b.upper[i]) : max;
            }
        }
        for (Rule r : rules) {
            max = Math.max(max, r.value);
        }
        if (t0 >= t1) {
            t1 = t0 + 1;
        }
        List<List<String[]>> legendRows = legendRows();
        int height = TOP + plotHeight + AXIS + legendRows.size() * LEGEND_ROW + 6;
        double top = max <= 0 ? 1 : niceCeiling(max * 1.05);
        Scale s = new Scale(t0, t1, top, width, plotHeight);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                        + "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\" font-family=\"sans-serif\">",
                width, height, width, height, escape(title)));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
        svg.append(String.format(Locale.ROOT, "<text class=\"title\" x=\"%d\" y=\"17\" font-size=\"13\" "
                + "font-weight=\"bold\">%s</text>", LEFT, escape(title)));
        for (Marks m : marks) {
            svg.append("<g class=\"marks\" data-label=\"").append(escape(m.label)).append("\">");
            for (long t : m.times) {
                double x0 = s.x(t);
                double w = Math.max(1, s.x(t + m.width) - x0);
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                        + "fill=\"%s\" fill-opacity=\"0.35\"/>", x0, TOP, w, plotHeight, m.color));
            }
            svg.append("<title>").append(escape(m.label)).append("</title></g>");
        }
        svg.append("<g class=\"axis-y\">");
        for (int k = 0; k <= 4; k++) {
            double v = top * k / 4;
            double y = s.y(v);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>", LEFT, y,
                    width - RIGHT, y, LEFT - 5, y + 3.5, label(v)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"11\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 11 %d)\">%s</text></g>", TOP + plotHeight / 2, TOP + plotHeight / 2,
                escape(unit)));
        svg.append("<g class=\"axis-x\">");
        DateTimeFormatter format = timeFormat(t1 - t0);
        long step = tickStep(t1 - t0, Math.max(2, (width - LEFT - RIGHT) / 100));
        for (long t = Math.floorDiv(t0 + step - 1, step) * step; t <= t1; t += step) {
            double x = s.x(t);
            // a label near an edge is anchored to end there, never past it
            String anchor = x - LEFT < 32 ? "start" : width - RIGHT - x < 32 ? "end" : "middle";
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\"/>"
                            + "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"%s\">%s</text>", x,
                    TOP + plotHeight, x, TOP + plotHeight + 4, x, TOP + plotHeight + 15, anchor,
                    format.format(Instant.ofEpochSecond(t))));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"9\" fill=\"#555\" "
                + "text-anchor=\"end\">UTC</text></g>", width - RIGHT, TOP + plotHeight + 26));
        for (Band b : bands) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < b.times.length; i++) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", s.x(b.times[i]), s.y(b.upper[i])));
            }
            for (int i = b.times.length - 1; i >= 0; i--) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", s.x(b.times[i]), s.y(b.lower[i])));
            }
            svg.append("<polygon class=\"band\" data-label=\"").append(escape(b.label)).append("\" fill=\"")
                    .append(b.color).append("\" fill-opacity=\"0.25\" points=\"").append(points.toString().strip())
                    .append("\"><title>").append(escape(b.label)).append("</title></polygon>");
        }
        for (Rule r : rules) {
            svg.append(String.format(Locale.ROOT, "<line class=\"rule\" data-label=\"%s\" x1=\"%d\" y1=\"%.1f\" "
                    + "x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"><title>%s"
                    + "</title></line>", escape(r.label), LEFT, s.y(r.value), width - RIGHT, s.y(r.value), r.color,
                    escape(r.label)));
        }
        for (Line l : lines) {
            svg.append("<path class=\"series\" data-label=\"").append(escape(l.label)).append("\" fill=\"none\" "
                    + "stroke=\"").append(l.color).append("\" stroke-width=\"1.8\"")
                    .append(l.dash.isEmpty() ? "" : " stroke-dasharray=\"" + l.dash + "\"")
                    .append(" d=\"").append(path(l, s)).append("\"><title>").append(escape(l.label))
                    .append("</title></path>");
        }
        svg.append("<g class=\"legend\">");
        int y = TOP + plotHeight + AXIS + 10;
        for (List<String[]> row : legendRows) {
            int x = LEFT;
            for (String[] item : row) {
                svg.append("<g class=\"legend-item\" data-label=\"").append(escape(item[0])).append("\">");
                if (item[2].equals("band") || item[2].equals("marks")) {
                    svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"20\" height=\"9\" "
                            + "fill=\"%s\" fill-opacity=\"0.35\"/>", x, y - 8, item[1]));
                } else {
                    svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                            + "stroke-width=\"2\"%s/>", x, y - 4, x + 20, y - 4, item[1], item[3].isEmpty() ? ""
                            : " stroke-dasharray=\"" + item[3] + "\""));
                }
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\">%s</text></g>",
                        x + 25, y, escape(item[0])));
                x += legendWidth(item[0]);
            }
            y += LEGEND_ROW;
        }
        return svg.append("</g></svg>").toString();
    }

    private static String path(Line l, Scale s) {
        StringBuilder d = new StringBuilder();
        boolean pen = false;
        for (int i = 0; i < l.times.length; i++) {
            if (!finite(l.values[i])) {
                pen = false;
                continue;
            }
            if (l.step && pen && i > 0) {
                d.append(String.format(Locale.ROOT, "L%.1f,%.1f ", s.x(l.times[i]), s.y(l.values[i - 1])));
            }
            d.append(String.format(Locale.ROOT, "%s%.1f,%.1f ", pen ? "L" : "M", s.x(l.times[i]), s.y(l.values[i])));
            pen = true;
        }
        return d.toString().strip();
    }

    /** Legend items (label, colour, kind, dash) in rows that fit the width. */
    private List<List<String[]>> legendRows() {
        List<String[]> items = new ArrayList<>();
        lines.forEach(l -> items.add(new String[]{l.label, l.color, "line", l.dash}));
        bands.forEach(b -> items.add(new String[]{b.label, b.color, "band", ""}));
        rules.forEach(r -> items.add(new String[]{r.label, r.color, "line", "6 4"}));
        marks.forEach(m -> items.add(new String[]{m.label, m.color, "marks", ""}));
        List<List<String[]>> rows = new ArrayList<>();
        List<String[]> row = new ArrayList<>();
        int x = LEFT;
        for (String[] item : items) {
            if (!row.isEmpty() && x + legendWidth(item[0]) > width - RIGHT) {
                rows.add(row);
                row = new ArrayList<>();
                x = LEFT;
            }
            row.add(item);
            x += legendWidth(item[0]);
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        return rows;
    }

    private static int legendWidth(String label) {
        return 25 + (int) Math.ceil(5.6 * label.length()) + 14;
    }

    /** The round step (minutes, hours, days, weeks) that puts at most {@code most} ticks over {@code span}. */
    static long tickStep(long span, int most) {
        long[] steps = {60, 300, 600, 900, 1800, 3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400, 2 * 86_400,
                7 * 86_400, 14 * 86_400, 28 * 86_400};
        for (long step : steps) {
            if (span / step + 1 <= most) {
                return step;
            }
        }
        return Math.max(1, span / Math.max(1, most - 1));
    }

    /** Labels as precise as the span needs: times within two days, dates and hours within ten, dates beyond. */
    static DateTimeFormatter timeFormat(long spanSeconds) {
        String pattern = spanSeconds <= 2 * 86_400 ? "MM-dd HH:mm" : spanSeconds <= 10 * 86_400 ? "MM-dd HH'h'"
                : "yyyy-MM-dd";
        return DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC);
    }

    private record Scale(long t0, long t1, double top, int width, int plotHeight) {
        double x(long t) {
            return LEFT + (width - LEFT - RIGHT) * (t - t0) / (double) (t1 - t0);
        }

        double y(double v) {
            double clipped = Math.max(0, Math.min(top, finite(v) ? v : 0));
            return TOP + plotHeight * (1 - clipped / top);
        }
    }

    private static boolean finite(double v) {
        return Double.isFinite(v);
    }

    static double niceCeiling(double v) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[]{1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= v) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    static String label(double v) {
        if (v == 0) {
            return "0";
        }
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%sM", trim(v / 1e6));
        }
        if (v >= 1e4) {
            return String.format(Locale.ROOT, "%sk", trim(v / 1e3));
        }
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : v >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
