package dev.prescale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import static dev.prescale.cli.IssuesCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code prescale anomaly nab}: the JSON a pipeline reads, and exit 2 with the reason for bad input. */
class AnomalyCommandTest {

    static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /**
     * A folder laid out like NAB's: two files of ten days of a noisy 5-minute wave, one with a level shift on day 8
     * inside its labelled window, one with none.
     */
    static Path corpus(Path dir) throws IOException {
        Random random = new Random(4);
        LocalDateTime start = LocalDateTime.parse("2026-03-01T00:00:00");
        for (String name : new String[]{"shifted", "calm"}) {
            StringBuilder csv = new StringBuilder("timestamp,value\n");
            for (int i = 0; i < 10 * 288; i++) {
                double v = 100 + 30 * Math.sin(2 * Math.PI * i / 288) + 2 * random.nextGaussian()
                        + (name.equals("shifted") && i >= 7 * 288 + 100 ? 80 : 0);
                csv.append(start.plusMinutes(5L * i).format(NAB_TIME)).append(',')
                        .append(String.format("%.2f", v)).append('\n');
            }
            Files.createDirectories(dir.resolve("synthetic"));
            Files.writeString(dir.resolve("synthetic/" + name + ".csv"), csv);
        }
        String from = start.plusMinutes(5L * (7 * 288 + 40)).format(NAB_TIME) + ".000000";
        String to = start.plusMinutes(5L * (7 * 288 + 160)).format(NAB_TIME) + ".000000";
        Files.writeString(dir.resolve("windows.json"), "{\"synthetic/shifted.csv\": [[\"" + from + "\", \"" + to
                + "\"]], \"synthetic/calm.csv\": []}");
        return dir;
    }

    @Test
    void jsonScoresEveryDetectorUnderEveryProfileAndHeldOut(@TempDir Path dir) throws IOException {
        IssuesCommandTest.Run result = run("anomaly", "nab", corpus(dir).toString(), "--json");

        assertThat(result.exit()).as(result.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.get("files").asInt()).isEqualTo(2);
        assertThat(json.get("windows").asInt()).isEqualTo(1);
        assertThat(json.get("detectors")).extracting(d -> d.get("name").asText())
                .containsExactly("seasonal-residual", "cusum", "robust-mahalanobis", "jump", "new-extreme",
                        "ensemble");
        for (JsonNode d : json.get("detectors")) {
            for (String profile : new String[]{"standard", "lowFP", "lowFN"}) {
                assertThat(d.get(profile).asDouble()).as(d + " " + profile).isBetween(-100.0, 100.0);
                assertThat(d.get("heldOut").get(profile).isNumber()).isTrue();
            }
        }
        assertThat(json.get("detectors").get(5).get("standard").asDouble())
                .as("a shift of 80 on noise of 2 inside its window is found").isGreaterThan(50);
    }

    @Test
    void oneDetectorByNameAndBadInputExitTwoSayingWhatWouldWork(@TempDir Path dir) throws IOException {
        IssuesCommandTest.Run one = run("anomaly", "nab", corpus(dir).toString(), "--detector", "cusum");
        assertThat(one.exit()).as(one.err()).isZero();
        assertThat(one.out()).contains("cusum").doesNotContain("ensemble");

        IssuesCommandTest.Run unknown = run("anomaly", "nab", dir.toString(), "--detector", "htm");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no detector named 'htm'").contains("robust-mahalanobis");

        IssuesCommandTest.Run noWindows = run("anomaly", "nab", dir.resolve("synthetic").toString());
        assertThat(noWindows.exit()).isEqualTo(2);
        assertThat(noWindows.err()).contains("has no windows.json");
    }
}
