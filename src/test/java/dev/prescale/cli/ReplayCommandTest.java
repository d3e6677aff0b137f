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
        assertThat(json.get("rows")).extracting(r -> r.get("policy").asText() + "@" + r.get("target").asText()
                        + (r.has("quantile") ? " q" + r.get("quantile").asText() : ""))
                .containsExactly("reactive@0.6", "reactive@0.7", "predictive@0.6", "predictive@0.7",
                        "minute-peak@null q0.95", "minute-peak@null q0.98", "minute-peak@null q0.99",
                        "minute-peak@null q0.995", "minute-peak@null q0.998", "hybrid@0.6 q0.99", "hybrid@0.7 q0.99",
                        "weekly-peak-hybrid@0.7", "oracle-5m@null", "oracle@null");
        assertThat(json.get("rows")).filteredOn(r -> r.get("default").asBoolean()).singleElement()
                .satisfies(r -> assertThat(r.get("policy").asText()).isIn("predictive", "minute-peak", "hybrid"));
        JsonNode oracle = json.get("rows").get(13);
        assertThat(oracle.get("violationMinutes").asInt()).isZero();
        assertThat(json.get("rows").get(12).get("instanceHours").asDouble())
                .isGreaterThanOrEqualTo(oracle.get("instanceHours").asDouble());
        // a higher quantile never buys fewer instance-hours on the same trace
        assertThat(json.get("rows").get(8).get("instanceHours").asDouble())
                .isGreaterThanOrEqualTo(json.get("rows").get(4).get("instanceHours").asDouble());
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

    @Test
    void aSuiteReplaysEveryTraceByOneRuleAndSumsUp(@TempDir Path dir) throws IOException {
        Path suite = Files.createDirectories(dir.resolve("suite"));
        Files.move(trace(dir), suite.resolve("wave.csv"));
        StringBuilder fiveMinutes = new StringBuilder("timestamp,value\n"); // NAB's form: UTC, 5-minute steps
        for (int i = 0; i < 3 * 288; i++) {
            fiveMinutes.append(java.time.LocalDateTime.of(2015, 3, 1, 0, 0).plusMinutes(5L * i).toString()
                    .replace('T', ' ')).append(":00,").append(100 + (i % 288 < 144 ? 50 : 0)).append('\n');
        }
        Files.writeString(suite.resolve("steps.csv"), fiveMinutes);
        Files.writeString(suite.resolve("broken.csv"), "timestamp,value\nyesterday,5\n");

        IssuesCommandTest.Run result = run("replay", "--suite", suite.toString(), "--target", "0.7");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.err()).contains("skipped").contains("broken.csv");
        String[] table = result.out().substring(result.out().lastIndexOf("trace ")).strip().split("\n");
        assertThat(table).hasSize(4); // header, two traces, the aggregate
        assertThat(table[1]).startsWith("steps.csv");
        assertThat(table[2]).startsWith("wave.csv");
        assertThat(table[3]).startsWith("2 traces: the default met");
    }
}
