package dev.prescale.report;

import dev.prescale.capacity.CapacityModel;
import dev.prescale.forecast.Forecast;
import dev.prescale.forecast.Series;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The report rendered by a real headless Chromium: every chart's lines are on the screen, not just in the file. */
class RehearsalReportTest {

    static final Path OUT = Path.of("target", "reports");

    static RehearsalReport.Content content() {
        long start = Instant.parse("2026-11-26T00:00:00Z").getEpochSecond();
        double[] history = new double[48];
        for (int h = 0; h < history.length; h++) {
            history[h] = 3600 * (6 + 4 * Math.cos(2 * Math.PI * (h - 14) / 24));
        }
        double[] point = new double[24];
        double[] lower = new double[24];
        double[] upper = new double[24];
        for (int h = 0; h < 24; h++) {
            point[h] = 3 * 3600 * (6 + 4 * Math.cos(2 * Math.PI * (h - 14) / 24));
            lower[h] = point[h] * 0.8;
            upper[h] = point[h] * 1.25;
        }
        Forecast f = new Forecast("prophet+conformal", start + 48 * 3600, 3600, point, lower, upper, 0.8);
        return new RehearsalReport.Content("Pre-event rehearsal: black-friday", "black-friday",
                Instant.ofEpochSecond(f.start()), Instant.ofEpochSecond(f.start() + 86_400),
                new Series(start, 3600, history), f, new CapacityModel(0, 0.14, 0.01), 2, 8,
                Instant.ofEpochSecond(f.start() - 3600), 0.7, 1234, 3, 180, 500, 0.01, null);
    }

    @Test
    void chromiumRendersEveryChart() throws Exception {
        Path html = RehearsalReport.write(content(), OUT.resolve("rehearsal-report-test.html"));
        Path png = OUT.resolve("rehearsal-report-test.png");

        Chromium.screenshot(html, png, 1100, 1700);

        BufferedImage image = ImageIO.read(png.toFile());
        String text = Files.readString(html);
        ReportsTest.assertSelfContained(text);
        List<String> charts = ReportsTest.charts(text);
        assertThat(charts).as("three charts").hasSize(3);
        charts.forEach(ReportsTest::assertAxesAndLegend);
        // zoomed on the event: the day forecast, and a day of history before it (as long as the event), not two
        assertThat(charts.get(0)).contains(">11-27 00:00<").contains(">11-28 12:00<").doesNotContain(">11-26");
        assertThat(charts.get(0)).contains("data-label=\"actual\"").contains("data-label=\"80% interval\"");
        assertThat(text).contains("<td>p95 &le; 500 ms</td>").contains("<td>&le; 1%</td>");
        assertThat(pixels(image, 0x0072B2)).as("forecast (dashed)").isGreaterThan(150);
        assertThat(pixels(image, 0x000000)).as("actual").isGreaterThan(300);
        assertThat(pixels(image, 0x009E73)).as("planned utilization").isGreaterThan(200);
        assertThat(pixels(image, 0xE69F00)).as("utilization on today's capacity").isGreaterThan(200);
        assertThat(pixels(image, 0xD55E00)).as("threshold").isGreaterThan(100);
        assertThat(pixels(image, 0xCC79A7)).as("capacity plan").isGreaterThan(200);
    }

    /** Pixels within a small distance of {@code rgb} (anti-aliasing shifts the edges). */
    static int pixels(BufferedImage image, int rgb) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                int dr = ((p >> 16) & 0xff) - ((rgb >> 16) & 0xff);
                int dg = ((p >> 8) & 0xff) - ((rgb >> 8) & 0xff);
                int db = (p & 0xff) - (rgb & 0xff);
                if (dr * dr + dg * dg + db * db < 400) {
                    count++;
                }
            }
        }
        return count;
    }
}
