package dev.prescale.report;

import dev.prescale.forecast.SeasonalNaive;
import dev.prescale.issues.SimulatedIssue;
import dev.prescale.profile.Slo;
import dev.prescale.replay.MarkedTrace;
import dev.prescale.replay.PolicyReplay;
import dev.prescale.replay.ReplaySettings;
import dev.prescale.resilience.ResiliencePlan;
import dev.prescale.resilience.ResilienceReport;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.prescale.report.RehearsalReportTest.OUT;
import static dev.prescale.report.RehearsalReportTest.pixels;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replay and resilience reports rendered by a real headless Chromium: every chart drawn with its axes, its legend
 * and its data on the screen, the page free of scripts and of anything loaded from elsewhere; screenshots under
 * {@code target/reports} (README shows them).
 */
public class ReportsTest {

    /** Four days of a daily wave with a burst each afternoon of the last day; the last day is scored. */
    static PolicyReplay.Report replay() {
        double[] perMinute = new double[4 * 1440];
        for (int m = 0; m < perMinute.length; m++) {
            perMinute[m] = 600 + 400 * Math.sin(2 * Math.PI * (m % 1440) / 1440.0)
                    + (m >= 3 * 1440 + 900 && m < 3 * 1440 + 925 ? 700 : 0);
        }
        return PolicyReplay.run("wave.csv", Instant.parse("2026-11-02T00:00:00Z"), new MarkedTrace(perMinute, 0, 0),
                3 * 1440 - 1440, ReplaySettings.of(100, 1.0, 5), List.of(0.6, 0.7), new SeasonalNaive(1440));
    }

    @Test
    void replayReportDrawsTheFrontierAndEachPolicysDays() throws Exception {
        PolicyReplay.Report report = replay();
        Path html = ReplayReport.write(report, OUT.resolve("replay-report-test.html"));
        Path png = OUT.resolve("replay-report-test.png");

        Chromium.screenshot(html, png, 760, 2200);

        String page = Files.readString(html);
        assertSelfContained(page);
        List<String> charts = charts(page);
        // the plane, then per policy one chart per day (2 days scored), for default, 2 reactive and the yardstick
        assertThat(charts).hasSize(1 + 4 * 2);
        String plane = charts.get(0);
        assertThat(count(plane, "class=\"point\"")).as("a point per row").isEqualTo(report.rows().size());
        assertThat(count(plane, "class=\"frontier\"")).as("a frontier for a family of several settings")
                .isPositive();
        // reactive, predictive, minute-peak, hybrid, weekly-peak-hybrid, oracles
        assertThat(count(plane, "class=\"legend-item\"")).as("a legend entry per family").isEqualTo(6);
        for (String chart : charts.subList(1, charts.size())) {
            assertAxesAndLegend(chart);
            assertThat(chart).contains("data-label=\"demand, instances' worth at 100%\"")
                    .contains("data-label=\"instances serving\"");
        }
        // each policy opens on its worst day: the one with the burst
        assertThat(page).contains("id=\"p0d1\" checked").doesNotContain("id=\"p0d0\" checked");
        assertThat(count(page, "type=\"radio\"")).isEqualTo(4 * 2);
        assertThat(page).contains("<table id=\"days\">").contains("<table id=\"replay\">");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(pixels(image, 0x0072B2)).as("blue: a family, serving instances").isGreaterThan(200);
        assertThat(pixels(image, 0xD55E00)).as("vermillion: a family").isGreaterThan(40);
        assertThat(pixels(image, 0x000000)).as("black: demand, text").isGreaterThan(500);
    }

    @Test
    void replaySuiteIndexLinksAPagePerTrace() {
        PolicyReplay.Report report = replay();
        Path index = ReplayReport.suite(List.of(report), OUT.resolve("suite").resolve("index.html"));
        assertThat(index.resolveSibling("wave.csv.html")).exists();
        assertThat(index).content().contains("<a href=\"wave.csv.html\">wave.csv</a>");
    }

    @Test
    void resilienceReportPutsTheEpisodesOnATimeline() throws Exception {
        Path html = dev.prescale.resilience.ResilienceHtml.write(resilience(), OUT.resolve("resilience-report-test.html"));
        Path png = OUT.resolve("resilience-report-test.png");

        Chromium.screenshot(html, png, 760, 1100);

        String page = Files.readString(html);
        assertSelfContained(page);
        List<String> charts = charts(page);
        assertThat(charts).hasSize(3);
        charts.forEach(ReportsTest::assertAxesAndLegend);
        assertThat(charts.get(0)).contains("data-label=\"fault absorbed\"").contains("data-label=\"fault, not "
                + "recovered\"").contains("data-label=\"SLO p95 500 ms\"");
        assertThat(page).contains("<td class=\"fail\">not recovered</td>").contains("scale-out 4 → 6");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(pixels(image, 0x0072B2)).as("p95").isGreaterThan(100);
        assertThat(pixels(image, 0x009E73)).as("fleet, absorbed fault").isGreaterThan(100);
    }

    public static ResilienceReport resilience() {
        Instant start = Instant.parse("2026-11-28T08:00:00Z");
        SimulatedIssue crash = new SimulatedIssue(start, Duration.ofMinutes(2), "fleet", "crash", 2, "major",
                "2 of 4 instances lost", "observed");
        SimulatedIssue slow = new SimulatedIssue(start, Duration.ofMinutes(2), "fleet", "slowdown", 8, "critical",
                "one instance 8x slower", "tail");
        ResiliencePlan.Episode first = new ResiliencePlan.Episode(1, List.of(crash), List.of(), Duration.ZERO,
                Duration.ofSeconds(20), Duration.ofSeconds(80), Duration.ofSeconds(140));
        ResiliencePlan.Episode second = new ResiliencePlan.Episode(2, List.of(slow), List.of(),
                Duration.ofSeconds(140), Duration.ofSeconds(160), Duration.ofSeconds(220), Duration.ofSeconds(280));
        return new ResilienceReport("storefront week", "run-1", start, new Slo(Duration.ofMillis(500), 1.0), List.of(
                new ResilienceReport.Outcome(first, new ResilienceReport.Window(1000, 0, 120),
                        new ResilienceReport.Window(3000, 3, 310), new ResilienceReport.Window(1000, 0, 130), 0,
                        Optional.empty(), List.of("scale-out 4 → 6 (anomaly)"), List.of(), 4, 6,
                        ResilienceReport.Verdict.ABSORBED),
                new ResilienceReport.Outcome(second, new ResilienceReport.Window(1000, 0, 140),
                        new ResilienceReport.Window(3000, 90, 1900), new ResilienceReport.Window(1000, 40, 900), 120,
                        Optional.empty(), List.of(), List.of("latency p95 3.1x"), 6, 6,
                        ResilienceReport.Verdict.NOT_RECOVERED)), List.of(), null);
    }

    static void assertSelfContained(String page) {
        assertThat(page.contains("<script")).as("no script").isFalse();
        assertThat(page.matches("(?s).*(src|href)=\"?https?:.*")).as("nothing loaded from elsewhere").isFalse();
    }

    /** Axes with tick labels, none anchored past the chart's edges; a legend entry for every series drawn. */
    static void assertAxesAndLegend(String chart) {
        assertThat(chart).contains("<g class=\"axis-x\">").contains("<g class=\"axis-y\">");
        assertThat(count(chart.substring(chart.indexOf("<g class=\"axis-x\">")), "<text")).isGreaterThanOrEqualTo(3);
        // every time label inside the plot's width, those near an edge anchored to it
        Matcher label = Pattern.compile("<text x=\"([0-9.]+)\" y=\"[0-9.]+\" font-size=\"10\" text-anchor=\"(\\w+)\">")
                .matcher(chart.substring(chart.indexOf("<g class=\"axis-x\">"), chart.indexOf("UTC</text>")));
        while (label.find()) {
            double x = Double.parseDouble(label.group(1));
            assertThat(x).isBetween(0.0, 680.0);
            if (x > 680 - 14 - 32) {
                assertThat(label.group(2)).isEqualTo("end");
            }
        }
        Matcher series = Pattern.compile("class=\"series\" data-label=\"([^\"]+)\" fill=\"none\" stroke=\"[^\"]+\"[^>]*"
                + " d=\"(M[^\"]+)\"").matcher(chart);
        int drawn = 0;
        while (series.find()) {
            drawn++;
            assertThat(series.group(2).split("L").length).as(series.group(1) + " has data").isGreaterThan(1);
            assertThat(chart).contains("class=\"legend-item\" data-label=\"" + series.group(1) + "\"");
        }
        assertThat(drawn).isPositive();
    }

    static List<String> charts(String page) {
        return Pattern.compile("<svg .*?</svg>", Pattern.DOTALL).matcher(page).results().map(m -> m.group())
                .toList();
    }

    static int count(String text, String what) {
        return text.split(Pattern.quote(what), -1).length - 1;
    }
}
