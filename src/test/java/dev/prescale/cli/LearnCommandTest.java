package dev.prescale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prescale.learn.PolicyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static dev.prescale.cli.IssuesCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code prescale learn} trains, judges and saves; {@code replay --policy learned} adds the learned row. */
class LearnCommandTest {

    /** Three days of a daily wave with an afternoon burst on the last day. */
    static Path trace(Path dir, String name) throws IOException {
        StringBuilder csv = new StringBuilder("timestamp,requests\n");
        Instant start = Instant.parse("2026-11-02T00:00:00Z");
        for (int m = 0; m < 3 * 1440; m++) {
            double perMinute = 600 + 400 * Math.sin(2 * Math.PI * (m % 1440) / 1440.0)
                    + (m >= 2 * 1440 + 900 && m < 2 * 1440 + 930 ? 300 : 0);
            csv.append(start.plusSeconds(60L * m)).append(',').append(perMinute).append('\n');
        }
        return Files.writeString(dir.resolve(name), csv);
    }

    @Test
    void learnTrainsJudgesAndSavesAModelThatReplayThenRuns(@TempDir Path dir) throws IOException {
        Path suite = Files.createDirectories(dir.resolve("suite"));
        Path wave = trace(suite, "wave.csv");
        Path config = Files.writeString(dir.resolve("prescale.yaml"), "store: none\nlearn:\n  epochs: 1\n");
        Path model = dir.resolve("policy.json");

        IssuesCommandTest.Run learned = run("learn", "--suite", suite.toString(), "--out", model.toString(), "-c",
                config.toString(), "--target", "0.6");

        assertThat(learned.exit()).as(learned.err()).isZero();
        assertThat(learned.out()).contains("epoch 1, wave.csv: 1440 minutes").contains("combined cost = "
                + "instance-hours + 5.0 per violation-minute").containsPattern("(promoted|kept in shadow): combined "
                + "cost [0-9.]+ against the hand-written default's [0-9.]+, cheaper on [01] of 1 traces")
                .containsPattern("decision latency: mean [0-9]+ us");
        PolicyModel saved = PolicyModel.load(model);
        assertThat(saved.version()).startsWith("learned-");
        assertThat(saved.verdict()).isEqualTo(learned.out().lines().filter(l -> l.startsWith("promoted:")
                || l.startsWith("kept in shadow:")).findFirst().orElseThrow());

        IssuesCommandTest.Run replay = run("replay", wave.toString(), "--train-days", "2", "--target", "0.6",
                "--policy", "learned", "--model", model.toString(), "--json");
        assertThat(replay.exit()).as(replay.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(replay.out()).get("rows");
        JsonNode row = rows.get(rows.size() - 3); // the learned row comes just before the two oracles
        assertThat(row.get("policy").asText()).isEqualTo("learned");
        assertThat(row.get("target").isNull()).isTrue();
        assertThat(row.get("instanceHours").asDouble()).isPositive();
        assertThat(row.get("default").asBoolean()).isFalse();

        IssuesCommandTest.Run missing = run("replay", wave.toString(), "--train-days", "2", "--policy", "learned",
                "--model", dir.resolve("none.json").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no learned policy at").contains("prescale learn");
    }
}
