package dev.prescale.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A time chart drawn as inline SVG: lines, shaded bands (an interval), horizontal reference lines (a threshold) and
 * step lines (capacity). No script and no external file, so a report stays one self-contained file that any browser,
 * mail client or CI artifact viewer shows the same way.
 */
public final class SvgChart {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 300;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 28;
    private static final int BOTTOM = 36;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private record Line(String label, String color, long[] times, double[] values, boolean step, boolean dashed) {
    }

    private record Band(String label, String color, long[] times, double[] lower, double[] upper) {
    }

    private record Rule(String label, String color, double value) {
    }

    private final String title;
    private final String unit;
    private final List<Line> lines = new ArrayList<>();
    private final List<Band> bands = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();

    public SvgChart(String title, String unit) {
        this.title = title;
        this.unit = unit;
    }

    /** @param times epoch seconds */
    public SvgChart line(String label, String color, long[] times, double[] values) {
        lines.add(new Line(label, color, times, values, false, false));
        return this;
    }

    public SvgChart dashed(String label, String color, long[] times, double[] values) {
        lines.add(new Line(label, color, times, values, false, true));
        return this;
    }

    /** A line that holds each value until the next time (capacity over time). */
    public SvgChart steps(String label, String color, long[] times, double[] values) {
        lines.add(new Line(label, color, times, values, true, false));
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
        double top = max <= 0 ? 1 : niceCeiling(max * 1.05);
        Scale s = new Scale(t0, t1, top);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                + "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">", WIDTH, HEIGHT, WIDTH, HEIGHT,
                escape(title)));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"14\" font-weight=\"bold\">%s</text>",
                LEFT, escape(title)));
        for (int k = 0; k <= 4; k++) {
            double v = top * k / 4;
            double y = s.y(v);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>", LEFT, y,
                    WIDTH - RIGHT, y, LEFT - 6, y + 4, label(v)));
        }
        for (int k = 0; k <= 4; k++) {
            long t = t0 + (t1 - t0) * k / 4;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">"
                    + "%s</text>", s.x(t), HEIGHT - BOTTOM + 16, TIME.format(Instant.ofEpochSecond(t))));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" font-size=\"11\" transform=\"rotate(-90 12 %d)\">"
                + "%s</text>", HEIGHT / 2, HEIGHT / 2, escape(unit)));
        for (Band b : bands) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < b.times.length; i++) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", s.x(b.times[i]), s.y(b.upper[i])));
            }
            for (int i = b.times.length - 1; i >= 0; i--) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", s.x(b.times[i]), s.y(b.lower[i])));
            }
            svg.append("<polygon class=\"band\" fill=\"").append(b.color).append("\" fill-opacity=\"0.35\" points=\"")
                    .append(points.toString().strip()).append("\"><title>").append(escape(b.label))
                    .append("</title></polygon>");
        }
        for (Rule r : rules) {
            svg.append(String.format(Locale.ROOT, "<line class=\"rule\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
                    + "stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"6 4\"><title>%s</title></line>", LEFT,
                    s.y(r.value), WIDTH - RIGHT, s.y(r.value), r.color, escape(r.label)));
        }
        for (Line l : lines) {
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
            svg.append("<path class=\"series\" fill=\"none\" stroke=\"").append(l.color)
                    .append("\" stroke-width=\"2\"").append(l.dashed ? " stroke-dasharray=\"4 3\"" : "")
                    .append(" d=\"").append(d.toString().strip()).append("\"><title>").append(escape(l.label))
                    .append("</title></path>");
        }
        int x = LEFT;
        for (String[] item : legend()) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"4\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>", x, HEIGHT - 10, item[1], x + 16,
                    HEIGHT - 5, escape(item[0])));
            x += 24 + 7 * item[0].length();
        }
        return svg.append("</svg>").toString();
    }

    private List<String[]> legend() {
        List<String[]> items = new ArrayList<>();
        lines.forEach(l -> items.add(new String[]{l.label, l.color}));
        bands.forEach(b -> items.add(new String[]{b.label, b.color}));
        rules.forEach(r -> items.add(new String[]{r.label, r.color}));
        return items;
    }

    private record Scale(long t0, long t1, double top) {
        double x(long t) {
            return LEFT + (WIDTH - LEFT - RIGHT) * (t - t0) / (double) (t1 - t0);
        }

        double y(double v) {
            double clipped = Math.max(0, Math.min(top, finite(v) ? v : 0));
            return TOP + (HEIGHT - TOP - BOTTOM) * (1 - clipped / top);
        }
    }

    private static boolean finite(double v) {
        return Double.isFinite(v);
    }

    private static double niceCeiling(double v) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[]{1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= v) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String label(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : v >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
