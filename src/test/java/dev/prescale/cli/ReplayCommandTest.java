package dev.prescale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static dev.prescale.cli.IssuesCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code prescale replay}: the JSON a pipeline reads, and exit 2 with the reason for a bad option or file. */
class ReplayCommandTest {

    /** Three days of a daily wave with a 20-minute outage on the last day and two missing rows. */
    static Path trace(Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("timestamp,requests\n");
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        for (int m = 0; m < 3 * 1440; m++) {
            if (m == 3000 || m == 3001) {
                continue; // no row
            }
            double perMinute = m >= 3600 && m < 3620 ? 0 : 600 + 400 * Math.sin(2 * Math.PI * (m % 1440) / 1440.0);
            csv.append(start.plusSeconds(60L * m)).append(',').append(perMinute).append('\n');
        }
        return Files.writeString(dir.resolve("wave.csv"), csv);
    }

    @Test
    void jsonHasARowPerPolicyAndTargetAndOneDefault(@TempDir Path dir) throws IOException {
        IssuesCommandTest.Run result = run("replay", trace(dir).toString(), "--per-instance", "100", "--train-days",
                "2", "--target", "0.6", "0.7", "--json");

        assertThat(result.exit()).as(result.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.get("minutes").asInt()).isEqualTo(1440 - 22); // 20 of outage and 2 without a row
        assertThat(json.get("excludedMinutes").asInt()).isEqualTo(22);
        assertThat(json.get("perInstance").asDouble()).isEqualTo(100);
        assertThat(json.get("rows")).extracting(r -> r.get("policy").asText() + "@" + r.get("target").asText())
                .containsExactly("reactive@0.6", "reactive@0.7", "predictive@0.6", "predictive@0.7", "hybrid@0.6",
                        "hybrid@0.7", "oracle-5m@null", "oracle@null");
        assertThat(json.get("rows")).filteredOn(r -> r.get("default").asBoolean())
                .extracting(r -> r.get("target").asDouble()).containsExactly(0.7);
        JsonNode oracle = json.get("rows").get(7);
        assertThat(oracle.get("violationMinutes").asInt()).isZero();
        assertThat(json.get("rows").get(6).get("instanceHours").asDouble())
                .isGreaterThanOrEqualTo(oracle.get("instanceHours").asDouble());
    }

    @Test
    void badOptionsEndWithTheReasonAndExitTwo(@TempDir Path dir) throws IOException {
        Path trace = trace(dir);
        String[][] bad = {
                {"replay", trace.toString(), "--per-instance", "-5"},
                {"replay", trace.toString(), "--train-days", "0"},
                {"replay", trace.toString(), "--train-days", "9"},
                {"replay", dir.resolve("nowhere.csv").toString()},
                {"replay", trace.toString(), "--target", "1.5"},
                {"replay", trace.toString(), "--violation-level", "0"},
                {"replay", trace.toString(), "--per-instance", "lots"}};
        String[] reasons = {"--per-instance must be a positive", "--train-days 0", "--train-days 9", "is not a file",
                "--target must be between", "--violation-level must be", "lots"};
        for (int i = 0; i < bad.length; i++) {
            IssuesCommandTest.Run result = run(bad[i]);
            assertThat(result.exit()).as(String.join(" ", bad[i])).isEqualTo(2);
            assertThat(result.err()).as(String.join(" ", bad[i])).contains(reasons[i]);
        }
    }
}
