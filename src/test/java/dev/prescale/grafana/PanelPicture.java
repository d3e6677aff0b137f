package dev.prescale.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prescale.report.Chromium;
import dev.prescale.report.Palette;
import dev.prescale.report.SvgChart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Draws what the dashboard's predicted-against-actual panel shows, from the panel's own queries run against InfluxDB,
 * to a PNG (headless Chromium), so a reviewer sees the panel without a Grafana.
 */
public final class PanelPicture {

    private PanelPicture() {
    }

    /**
     * @param variables the panel's template variables ({@code group}, {@code run_id})
     * @param interval  what {@code $__interval} becomes, e.g. {@code 10s}
     * @return the PNG written
     */
    public static Path predictedAgainstActual(String db, Map<String, String> variables, Instant from, Instant to,
                                              String interval, String caption, Path png) throws Exception {
        JsonNode panel = GrafanaFiles.read(GrafanaFiles.ROOT.resolve("dashboards/prescale-capacity.json"))
                .path("panels").get(0);
        String range = "time >= " + from.toEpochMilli() + "ms and time <= " + to.toEpochMilli() + "ms";
        Map<String, double[]> values = new HashMap<>();
        Map<String, long[]> times = new HashMap<>();
        for (JsonNode target : panel.path("targets")) {
            String query = GrafanaIT.substitute(target.path("query").asText(), variables, range, interval);
            JsonNode series = GrafanaIT.query(db, query).path("results").get(0).path("series");
            assertThat(series.size()).as("the panel's data: " + query).isPositive();
            JsonNode s = series.get(0);
            JsonNode rows = s.path("values");
            for (int c = 1; c < s.path("columns").size(); c++) {
                double[] v = new double[rows.size()];
                long[] t = new long[rows.size()];
                for (int r = 0; r < rows.size(); r++) {
                    t[r] = rows.get(r).get(0).asLong();
                    v[r] = rows.get(r).get(c).isNull() ? Double.NaN : rows.get(r).get(c).asDouble();
                }
                values.put(s.path("columns").get(c).asText(), v);
                times.put(s.path("columns").get(c).asText(), t);
            }
        }
        String svg = new SvgChart(panel.path("title").asText() + " (" + variables.get("group") + ", " + caption + ")",
                "utilization").size(980, 300)
                .band("interval", Palette.BLUE, times.get("predicted"), values.get("lower"), values.get("upper"))
                .line("predicted", Palette.BLUE, times.get("predicted"), values.get("predicted"))
                .dashed("threshold", Palette.VERMILLION, times.get("threshold"), values.get("threshold"))
                .line("actual (" + variables.get("run_id") + ")", Palette.BLACK, times.get("actual"),
                        values.get("actual"))
                .svg();
        Files.createDirectories(png.toAbsolutePath().getParent());
        Path html = png.resolveSibling(png.getFileName().toString().replace(".png", ".html"));
        Files.writeString(html, "<!doctype html><html><body style=\"margin:0;background:#fff\">" + svg
                + "</body></html>");
        Chromium.screenshot(html, png, 1000, 420);
        System.out.println("predicted-against-actual panel drawn to " + png.toAbsolutePath());
        return png;
    }
}
