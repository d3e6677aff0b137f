package dev.prescale.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A scatter of settings on two numeric axes (cost across, violations up), each family of settings with its own
 * colour and marker, and each family's frontier drawn through its settings that no other of the family beats on both
 * axes: the picture that shows whether one policy dominates another. Same look as {@link SvgChart}.
 */
public final class SvgPlane {

    private static final int LEFT = 56;
    private static final int RIGHT = 14;
    private static final int TOP = 26;
    private static final int AXIS = 34;
    private static final int LEGEND_ROW = 16;
    private static final String[] MARKERS = {"circle", "square", "triangle", "diamond", "cross", "circle", "square"};

    /** One setting: its family, its label, where it lies. */
    public record Point(String family, String label, double x, double y) {
    }

    private final String title;
    private final String xUnit;
    private final String yUnit;
    private final int width;
    private final int plotHeight;
    private final List<Point> points = new ArrayList<>();

    public SvgPlane(String title, String xUnit, String yUnit) {
        this(title, xUnit, yUnit, SvgChart.WIDTH, 300);
    }

    public SvgPlane(String title, String xUnit, String yUnit, int width, int plotHeight) {
        this.title = title;
        this.xUnit = xUnit;
        this.yUnit = yUnit;
        this.width = width;
        this.plotHeight = plotHeight;
    }

    public SvgPlane point(String family, String label, double x, double y) {
        if (Double.isFinite(x) && Double.isFinite(y)) {
            points.add(new Point(family, label, x, y));
        }
        return this;
    }

    /** The points of {@code family} that no other point of it beats on both axes (lower is better), by x. */
    static List<Point> frontier(List<Point> family) {
        List<Point> sorted = new ArrayList<>(family);
        sorted.sort(Comparator.comparingDouble(Point::x).thenComparingDouble(Point::y));
        List<Point> front = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        for (Point p : sorted) {
            if (p.y() < best) {
                front.add(p);
                best = p.y();
            }
        }
        return front;
    }

    public String svg() {
        Map<String, List<Point>> families = new LinkedHashMap<>();
        points.forEach(p -> families.computeIfAbsent(p.family(), k -> new ArrayList<>()).add(p));
        double x0 = points.stream().mapToDouble(Point::x).min().orElse(0);
        double x1 = points.stream().mapToDouble(Point::x).max().orElse(1);
        double pad = Math.max(1e-9, (x1 - x0) * 0.05);
        x0 = Math.max(0, x0 - pad);
        x1 = x1 + pad;
        double yTop = SvgChart.niceCeiling(Math.max(1e-9, points.stream().mapToDouble(Point::y).max().orElse(1)) * 1.08);
        int legendRows = (int) Math.ceil(families.size() / Math.max(1.0, (width - LEFT - RIGHT) / 150.0));
        int height = TOP + plotHeight + AXIS + legendRows * LEGEND_ROW + 6;
        double fx0 = x0;
        double fx1 = x1;
        java.util.function.DoubleUnaryOperator sx = v -> LEFT + (width - LEFT - RIGHT) * (v - fx0) / (fx1 - fx0);
        java.util.function.DoubleUnaryOperator sy = v -> TOP + plotHeight * (1 - Math.max(0, v) / yTop);
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT, "<svg class=\"chart plane\" "
                        + "xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "role=\"img\" aria-label=\"%s\" font-family=\"sans-serif\"><rect width=\"100%%\" "
                        + "height=\"100%%\" fill=\"#ffffff\"/><text class=\"title\" x=\"%d\" y=\"17\" font-size=\"13\" "
                        + "font-weight=\"bold\">%s</text>", width, height, width, height, SvgChart.escape(title), LEFT,
                SvgChart.escape(title)));
        svg.append("<g class=\"axis-y\">");
        for (int k = 0; k <= 4; k++) {
            double v = yTop * k / 4;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>", LEFT,
                    sy.applyAsDouble(v), width - RIGHT, sy.applyAsDouble(v), LEFT - 5, sy.applyAsDouble(v) + 3.5,
                    SvgChart.label(v)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"11\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 11 %d)\">%s</text></g>", TOP + plotHeight / 2, TOP + plotHeight / 2,
                SvgChart.escape(yUnit)));
        svg.append("<g class=\"axis-x\">");
        double step = niceStep((x1 - x0) / 5);
        for (double v = Math.ceil(x0 / step) * step; v <= x1 + 1e-9; v += step) {
            double x = sx.applyAsDouble(v);
            String anchor = x - LEFT < 20 ? "start" : width - RIGHT - x < 20 ? "end" : "middle";
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\"/>"
                            + "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"%s\">%s</text>",
                    sx.applyAsDouble(v), TOP + plotHeight, sx.applyAsDouble(v), TOP + plotHeight + 4,
                    sx.applyAsDouble(v), TOP + plotHeight + 15, anchor, SvgChart.label(v)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s"
                + "</text></g>", (LEFT + width - RIGHT) / 2, TOP + plotHeight + 28, SvgChart.escape(xUnit)));
        int f = 0;
        for (Map.Entry<String, List<Point>> family : families.entrySet()) {
            String color = Palette.color(f);
            String dash = Palette.dash(f);
            List<Point> front = frontier(family.getValue());
            StringBuilder d = new StringBuilder();
            for (int i = 0; i < front.size(); i++) {
                d.append(String.format(Locale.ROOT, "%s%.1f,%.1f ", i == 0 ? "M" : "L",
                        sx.applyAsDouble(front.get(i).x()), sy.applyAsDouble(front.get(i).y())));
            }
            svg.append("<g class=\"family\" data-label=\"").append(SvgChart.escape(family.getKey())).append("\">");
            if (front.size() > 1) {
                svg.append("<path class=\"frontier\" fill=\"none\" stroke=\"").append(color)
                        .append("\" stroke-width=\"1.6\"").append(dash.isEmpty() ? "" : " stroke-dasharray=\""
                                + dash + "\"").append(" d=\"").append(d.toString().strip()).append("\"/>");
            }
            for (Point p : family.getValue()) {
                svg.append(marker("point", MARKERS[f % MARKERS.length], sx.applyAsDouble(p.x()),
                        sy.applyAsDouble(p.y()), color, p.family() + " " + p.label() + String.format(Locale.ROOT, ": %s, %s",
                                SvgChart.label(p.x()), SvgChart.label(p.y()))));
            }
            svg.append("</g>");
            f++;
        }
        svg.append("<g class=\"legend\">");
        int perRow = Math.max(1, (int) ((width - LEFT - RIGHT) / 150.0));
        f = 0;
        for (String family : families.keySet()) {
            int x = LEFT + (f % perRow) * 150;
            int y = TOP + plotHeight + AXIS + 10 + (f / perRow) * LEGEND_ROW;
            svg.append("<g class=\"legend-item\" data-label=\"").append(SvgChart.escape(family)).append("\">")
                    .append(marker("swatch", MARKERS[f % MARKERS.length], x + 6, y - 4, Palette.color(f), family))
                    .append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\">%s</text></g>",
                            x + 16, y, SvgChart.escape(family)));
            f++;
        }
        return svg.append("</g></svg>").toString();
    }

    /** The round step (1, 2, 2.5 or 5 times a power of ten) nearest above {@code rough}. */
    static double niceStep(double rough) {
        if (!(rough > 0)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        for (double m : new double[]{1, 2, 2.5, 5}) {
            if (m * magnitude >= rough) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String marker(String kind, String shape, double x, double y, String color, String title) {
        String t = "<title>" + SvgChart.escape(title) + "</title>";
        return markerShape(shape, x, y, color, t).replace("class=\"point\"", "class=\"" + kind + "\"");
    }

    private static String markerShape(String shape, double x, double y, String color, String t) {
        return switch (shape) {
            case "square" -> String.format(Locale.ROOT, "<rect class=\"point\" x=\"%.1f\" y=\"%.1f\" width=\"8\" "
                    + "height=\"8\" fill=\"%s\">%s</rect>", x - 4, y - 4, color, t);
            case "triangle" -> String.format(Locale.ROOT, "<polygon class=\"point\" points=\"%.1f,%.1f %.1f,%.1f "
                    + "%.1f,%.1f\" fill=\"%s\">%s</polygon>", x, y - 5, x - 5, y + 4, x + 5, y + 4, color, t);
            case "diamond" -> String.format(Locale.ROOT, "<polygon class=\"point\" points=\"%.1f,%.1f %.1f,%.1f "
                    + "%.1f,%.1f %.1f,%.1f\" fill=\"%s\">%s</polygon>", x, y - 5, x + 5, y, x, y + 5, x - 5, y, color,
                    t);
            case "cross" -> String.format(Locale.ROOT, "<path class=\"point\" d=\"M%.1f,%.1f L%.1f,%.1f M%.1f,%.1f "
                    + "L%.1f,%.1f\" stroke=\"%s\" stroke-width=\"2.5\">%s</path>", x - 4, y - 4, x + 4, y + 4, x - 4,
                    y + 4, x + 4, y - 4, color, t);
            default -> String.format(Locale.ROOT, "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" "
                    + "fill=\"%s\">%s</circle>", x, y, color, t);
        };
    }
}
