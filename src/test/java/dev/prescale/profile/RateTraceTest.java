package dev.prescale.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class RateTraceTest {

    static final Path NASA = Path.of("../shared/data/traces/nasa-kennedy-jul1995-per-minute.csv");

    @TempDir
    Path dir;

    @Test
    void readsTheNasaTraceExactly() throws IOException {
        assumeTrue(Files.exists(NASA), "shared data folder ../shared/data is absent; this test reads the NASA trace");
        List<String> lines = Files.readAllLines(NASA);
        double csvTotal = lines.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[1])).sum();

        RateTrace trace = RateTrace.read(NASA, "pattern.file");

        assertThat(trace.stepSeconds()).isEqualTo(60);
        assertThat(trace.start()).isEqualTo(Instant.parse("1995-07-01T04:00:00Z"));
        assertThat(trace.totalRequests()).isEqualTo(csvTotal);
        assertThat(trace.requestsBetween(0, trace.spanSeconds())).isCloseTo(csvTotal, within(1e-6));
        assertThat(trace.spanSeconds() / 60).isEqualTo(lines.size() - 1);
        assertThat(trace.rateAt(0)).isEqualTo(42 / 60.0);
    }

    @Test
    void missingRowsAreSilenceNotSmearedOverTheNeighbours() throws IOException {
        Path file = write("0,60", "60,60", "120,60", "86400,60", "86460,60");
        RateTrace trace = RateTrace.read(file, "pattern.file", true);

        assertThat(trace.stepSeconds()).isEqualTo(60);
        assertThat(trace.rateAt(150)).isEqualTo(1);
        assertThat(trace.rateAt(40_000)).isZero();
        assertThat(trace.rateAt(86_430)).isEqualTo(1);
        assertThat(trace.requestsBetween(0, trace.spanSeconds())).isCloseTo(300, within(1e-9));
    }

    @Test
    void acceptsUnixSecondsAndCountsPartialSteps() throws IOException {
        Path file = write("0,60", "60,120", "120,0", "# a comment", "180,60");
        RateTrace trace = RateTrace.read(file, "pattern.file");

        assertThat(trace.rateAt(30)).isEqualTo(1);
        assertThat(trace.rateAt(90)).isEqualTo(2);
        assertThat(trace.requestsBetween(30, 90)).isCloseTo(30 + 60, within(1e-9));
        assertThat(trace.spanSeconds()).isEqualTo(240);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "2026-01-01T00:00:00Z,10|2026-01-01T00:01:00Z|3|expected 2 columns",
            "2026-01-01T00:00:00Z,10|yesterday,5|3|column 1 is not a timestamp",
            "2026-01-01T00:00:00Z,10|2026-01-01T00:01:00Z,lots|3|column 2 is not a number",
            "2026-01-01T00:00:00Z,10|99999999999999999999,4|3|column 1 is not a timestamp",
            "2026-01-01T00:00:00Z,10|253402300800,4|3|after 9999",
            "2026-01-01T00:00:00Z,10|2026-01-01T00:01:00Z,-4|3|must be finite and >= 0",
            "2026-01-01T00:01:00Z,10|2026-01-01T00:00:00Z,4|3|not after the previous row's (line 2)"})
    void badRowsNameTheFileAndLine(String first, String second, int line, String problem) throws IOException {
        Path file = write(first, second);

        assertThatThrownBy(() -> RateTrace.read(file, "pattern.file"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("field 'pattern.file'")
                .hasMessageContaining(file + " line " + line)
                .hasMessageContaining(problem)
                .hasMessageContaining("Fix: correct or delete that line");
    }

    @Test
    void missingFileSaysWhereItLooked() {
        assertThatThrownBy(() -> RateTrace.read(dir.resolve("nope.csv"), "pattern.file"))
                .hasMessageContaining("is not a regular file").hasMessageContaining("nope.csv");
    }

    @Test
    void oneFarTimestampIsRefusedNamingItsLine_unlessGapsAreAllowed() throws IOException {
        // rows at 0, 60, 120 and in 2100: 68 million silent minutes if read as they stand
        Path file = write("0,5", "60,5", "120,5", "4102444800,5");

        assertThatThrownBy(() -> RateTrace.read(file, "file"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("has 4 rows but spans 68374081 steps")
                .hasMessageContaining("before line 5")
                .hasMessageContaining("--allow-gaps");
        assertThatThrownBy(() -> RateTrace.read(file, "file", true))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("more than " + RateTrace.MAX_STEPS);
    }

    @Test
    void errorsNeverQuoteTheFilesText() throws IOException {
        Path file = write("0,5", "60,SECRET_TOKEN=abc123");

        assertThatThrownBy(() -> RateTrace.read(file, "file"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("line 3")
                .hasMessageNotContaining("SECRET")
                .hasMessageNotContaining("abc123");
    }

    @Test
    void devicesAndFoldersAreNotTraces() {
        assertThatThrownBy(() -> RateTrace.read(Path.of("/dev/zero"), "file"))
                .isInstanceOf(ProfileException.class).hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> RateTrace.read(dir, "file"))
                .isInstanceOf(ProfileException.class).hasMessageContaining("not a regular file");
    }

    private Path write(String... rows) throws IOException {
        Path file = dir.resolve("trace.csv");
        Files.writeString(file, "timestamp,requests\n" + String.join("\n", rows) + "\n");
        return file;
    }
}
