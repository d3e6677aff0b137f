package dev.prescale.cli;

import dev.prescale.chaos.ChaosProfiles;
import dev.prescale.issues.IncidentFiles;
import dev.prescale.issues.SimulatedIssue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The issues commands end to end on files: check, simulate (stream and chaos profile), import, and their errors. */
class IssuesCommandTest {

    /** 60 days: errors on /checkout by day, latency on the fleet at night, a crash now and then. */
    static Path history(Path dir) throws Exception {
        Random r = new Random(9);
        StringBuilder csv = new StringBuilder("start,end,component,type,magnitude\n");
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int h = 0; h < 60 * 24; h++) {
            Instant hour = t0.plus(Duration.ofHours(h));
            boolean day = h % 24 >= 8 && h % 24 < 20;
            String[][] kinds = {{"errors", "/checkout", day ? "0.06" : "0.01"}, {"latency", "fleet", day ? "0.02"
                    : "0.07"}, {"crash", "fleet", "0.005"}};
            for (String[] k : kinds) {
                if (r.nextDouble() < Double.parseDouble(k[2])) {
                    Instant start = hour.plusSeconds(r.nextInt(3600));
                    double size = k[0].equals("errors") ? 0.02 + 0.2 * r.nextDouble() : k[0].equals("latency")
                            ? 50 + 400 * r.nextDouble() : 1;
                    csv.append(start).append(',').append(start.plusSeconds(60 + r.nextInt(600))).append(',')
                            .append(k[1]).append(',').append(k[0]).append(',').append(size).append('\n');
                }
            }
        }
        return Files.writeString(dir.resolve("incidents.csv"), csv);
    }

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter err = new StringWriter();
        var cli = PrescaleCli.commandLine();
        cli.setErr(new PrintWriter(err));
        PrintStream before = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int exit = cli.execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(before);
        }
    }

    @Test
    void checkSimulateAndImport(@TempDir Path dir) throws Exception {
        Path incidents = history(dir);

        Run check = run("issues", "check", "--history", incidents.toString(), "--hold-out", "20");
        assertThat(check.exit()).as(check.err()).isZero();
        assertThat(check.out()).contains("errors@/checkout 06-12h").contains("chi-square").contains("p = ");

        Path stream = dir.resolve("week.json");
        Path profile = dir.resolve("week.yaml");
        Run simulate = run("issues", "simulate", "--history", incidents.toString(), "--simulate-days", "7",
                "--seed", "3", "--out", stream.toString(), "--chaos-profile", profile.toString());
        assertThat(simulate.exit()).as(simulate.err()).isZero();
        List<SimulatedIssue> issues = IncidentFiles.readStream(stream, 3);
        assertThat(simulate.out()).contains(issues.size() + " issues in 7 days");
        assertThat(issues).isNotEmpty().allSatisfy(i -> assertThat(i.start())
                .isAfter(Instant.parse("2026-03-01T00:00:00Z")));
        assertThat(ChaosProfiles.parse(Files.readString(profile), "week.yaml").faults()).isNotEmpty();
        // the stream file is the exact stream: written and read back, it is the same
        Path again = IncidentFiles.writeStream(issues, dir.resolve("again.json"));
        assertThat(IncidentFiles.readStream(again, 3)).isEqualTo(issues);

        Path config = Files.writeString(dir.resolve("p.yaml"), "store.folder: " + dir.resolve("store") + "\n");
        Run imported = run("issues", "import", incidents.toString(), "-c", config.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        Run fromStore = run("issues", "check", "--hold-out", "20", "-c", config.toString());
        assertThat(fromStore.out()).as("the store holds what the file held").isEqualTo(check.out());
    }

    @Test
    void badInputIsNamed(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.csv"), "start,end,component,type,magnitude\n"
                + "2026-01-01T00:00:00Z,2026-01-01T00:05:00Z,fleet,crash,one\n");
        Run simulate = run("issues", "simulate", "--history", bad.toString());
        assertThat(simulate.exit()).isEqualTo(1);
        assertThat(simulate.err()).contains("bad.csv line 2").contains("'one' is not a number");

        Run rehearse = run("issues", "rehearse");
        assertThat(rehearse.exit()).isEqualTo(1);
        assertThat(rehearse.err()).contains("issues.stream").contains("issues.history");
    }
}
