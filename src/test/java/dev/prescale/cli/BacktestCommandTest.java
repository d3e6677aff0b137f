package dev.prescale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;

import static dev.prescale.cli.IssuesCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code prescale forecast backtest}: the JSON a pipeline reads, and exit 2 with the reason for bad input. */
class BacktestCommandTest {

    /** Ten days of 15-minute steps: a daily wave with noise. */
    static Path trace(Path dir) throws IOException {
        Random random = new Random(8);
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        Instant start = Instant.parse("2026-10-01T00:00:00Z");
        for (int i = 0; i < 10 * 96; i++) {
            double v = 500 + 300 * Math.sin(2 * Math.PI * i / 96.0) + 20 * random.nextGaussian();
            csv.append(start.plusSeconds(900L * i)).append(',').append(String.format("%.1f", v)).append('\n');
        }
        return Files.writeString(dir.resolve("wave.csv"), csv);
    }

    @Test
    void jsonHasEveryModelItsScoresOrWhyItIsRefusedAndTheSelection(@TempDir Path dir) throws IOException {
        IssuesCommandTest.Run result = run("forecast", "backtest", trace(dir).toString(), "--horizon", "1d",
                "--origins", "2", "--json");

        assertThat(result.exit()).as(result.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.get("series").asText()).isEqualTo("wave.csv");
        assertThat(json.get("rows")).isNotEmpty().allSatisfy(r -> {
            assertThat(r.has("model") && r.has("mase") && r.has("smape") && r.has("coverage80") && r.has("refused"))
                    .isTrue();
        });
        assertThat(json.get("rows")).extracting(r -> r.get("model").asText()).contains("seasonal-naive(96)",
                "seasonal-naive(672)");
        String selected = json.get("selected").asText();
        JsonNode chosen = null;
        for (JsonNode r : json.get("rows")) {
            chosen = r.get("model").asText().equals(selected) ? r : chosen;
        }
        assertThat(chosen).isNotNull();
        assertThat(chosen.get("refused").isNull()).isTrue();
        assertThat(chosen.get("mase").asDouble()).isLessThanOrEqualTo(1.0);
        for (JsonNode r : json.get("rows")) {
            if (r.get("refused").isNull()) {
                assertThat(r.get("mase").asDouble()).isGreaterThanOrEqualTo(chosen.get("mase").asDouble());
            }
        }
    }

    @Test
    void badInputEndsWithTheReasonAndExitTwo(@TempDir Path dir) throws IOException {
        Path trace = trace(dir);
        Path broken = Files.writeString(dir.resolve("broken.csv"), "timestamp,value\nyesterday,5\n");
        String[][] bad = {
                {"forecast", "backtest", dir.resolve("nowhere.csv").toString()},
                {"forecast", "backtest", trace.toString(), "--horizon", "soon"},
                {"forecast", "backtest", trace.toString(), "--origins", "0"},
                {"forecast", "backtest", trace.toString(), "--horizon", "5d", "--origins", "3"},
                {"forecast", "backtest", broken.toString()}};
        String[] reasons = {"is not a file", "--horizon soon", "--origins must be", "leaves no history",
                "broken.csv"};
        for (int i = 0; i < bad.length; i++) {
            IssuesCommandTest.Run result = run(bad[i]);
            assertThat(result.exit()).as(String.join(" ", bad[i])).isEqualTo(2);
            assertThat(result.err()).as(String.join(" ", bad[i])).contains(reasons[i]);
        }
    }

    @Test
    void forecastPrintsTheBusiestWindowsWithOrderedQuantilesAndRefusesABadWindow(@TempDir Path dir)
            throws IOException {
        Path trace = trace(dir);
        IssuesCommandTest.Run result = run("forecast", "--trace", trace.toString(), "--horizon", "1d", "--origins",
                "1", "--window", "1h");

        assertThat(result.exit()).as(result.err()).isZero();
        String[] lines = result.out().split("\n");
        int header = 0;
        while (header < lines.length && !lines[header].startsWith("busiest step of the busiest 1h windows")) {
            header++;
        }
        assertThat(header).as(result.out()).isLessThan(lines.length - 6);
        double previousMedian = Double.MAX_VALUE;
        for (int k = header + 2; k < header + 7; k++) {
            String[] cells = lines[k].trim().split("\\s+");
            double q50 = Double.parseDouble(cells[1]);
            double q95 = Double.parseDouble(cells[4]);
            assertThat(q50).as(lines[k]).isLessThanOrEqualTo(Double.parseDouble(cells[2]))
                    .isLessThanOrEqualTo(q95).isLessThanOrEqualTo(previousMedian);
            assertThat(q95).as("a wave peaking near 800, noise 20").isBetween(700.0, 1000.0);
            previousMedian = q50;
        }

        IssuesCommandTest.Run bad = run("forecast", "--trace", trace.toString(), "--window", "often");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--window often");
    }
}
