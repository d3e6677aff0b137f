package dev.prescale.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ProfileFilesTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryShippedProfile() {
        ProfileFiles files = ProfileFiles.open(ProfileFiles.DEFAULT_FOLDER);

        assertThat(files.all()).extracting(p -> p.pattern().type())
                .contains("constant", "linear", "peak-valley", "expression", "replay");
        LoadProfile daily = files.byId("storefront-daily");
        assertThat(daily.resourceType()).isEqualTo(ResourceType.CPU);
        assertThat(daily.priority()).isEqualTo(Priority.BUSINESS);
        assertThat(daily.duration()).isEqualTo(Duration.ofHours(24));
        assertThat(daily.pattern()).isEqualTo(new LoadPattern.PeakValley(Duration.ofHours(24), 80, 8,
                Duration.ofHours(14)));
        assertThat(daily.triggerConditions()).containsExactly(
                new TriggerCondition.Schedule("0 0 * * 1-5", ZoneId.of("Europe/Berlin")));
        assertThat(daily.slo()).isEqualTo(new Slo(Duration.ofMillis(1500), 1.0));

        LoadProfile replay = files.byId("flash-sale-replay");
        assertThat(replay.duration()).isEqualTo(Duration.ofMinutes(3)); // three recorded hours at 60x
        LoadProfile friday = files.byId("black-friday");
        assertThat(friday.triggerConditions()).hasSize(2).first()
                .isEqualTo(new TriggerCondition.CalendarEvent("black-friday", Duration.ofHours(2)));
        assertThat(friday.rateAt(0)).isCloseTo(20, within(1e-9));
    }

    @Test
    void unknownIdListsTheKnownOnes() {
        assertThatThrownBy(() -> ProfileFiles.open(ProfileFiles.DEFAULT_FOLDER).byId("cyber-monday"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("profile 'cyber-monday'")
                .hasMessageContaining("known: [black-friday, checkout-steady");
    }

    @Test
    void unknownPatternNamesTheProfileFieldAndChoices() throws IOException {
        write("a.yaml", profile("pattern:\n  type: sawtooth\n  rate: 3"));

        assertThatThrownBy(() -> ProfileFiles.open(dir))
                .isInstanceOf(ProfileException.class)
                .hasMessageStartingWith("profile 'bad' (" + dir.resolve("a.yaml") + "), field 'pattern.type'")
                .hasMessageContaining("unknown pattern 'sawtooth'")
                .hasMessageContaining("Fix: use one of constant, linear, peak-valley, expression, replay");
    }

    @Test
    void negativeDurationIsRefused() throws IOException {
        write("a.yaml", profile("pattern:\n  type: constant\n  rate: 3").replace("duration: 1h", "duration: -5m"));

        assertThatThrownBy(() -> ProfileFiles.open(dir))
                .hasMessageContaining("profile 'bad'")
                .hasMessageContaining("field 'duration'")
                .hasMessageContaining("'-5m' is not a duration");
    }

    @Test
    void zeroDurationIsRefused() throws IOException {
        write("a.yaml", profile("pattern:\n  type: constant\n  rate: 3").replace("duration: 1h", "duration: 0s"));

        assertThatThrownBy(() -> ProfileFiles.open(dir))
                .hasMessageContaining("field 'duration': must be a positive duration");
    }

    @Test
    void nonFiniteOrNegativeRatesAreRefused() throws IOException {
        write("a.yaml", profile("pattern:\n  type: constant\n  rate: NaN"));
        assertThatThrownBy(() -> ProfileFiles.open(dir))
                .hasMessageContaining("profile 'bad'").hasMessageContaining("field 'pattern.rate'")
                .hasMessageContaining("was NaN");

        write("a.yaml", profile("pattern:\n  type: linear\n  from: 3\n  to: -1"));
        assertThatThrownBy(() -> ProfileFiles.open(dir))
                .hasMessageContaining("field 'pattern.to'").hasMessageContaining("was -1.0");
    }

    @Test
    void malformedAndEscapingExpressionsAreRefused() throws IOException {
        write("a.yaml", profile("pattern:\n  type: expression\n  expression: \"200 + 150*sin(2*pi*t/86400\""));
        assertThatThrownBy(() -> ProfileFiles.open(dir))
                .hasMessageContaining("profile 'bad'").hasMessageContaining("field 'pattern.expression'")
                .hasMessageContaining("does not parse");

        write("a.yaml", profile("pattern:\n  type: expression\n  expression: "
                + "'java.lang.System.exit(1)'"));
        assertThatThrownBy(() -> ProfileFiles.open(dir))
                .hasMessageContaining("profile 'bad'").hasMessageContaining("field 'pattern.expression'");
    }

    @Test
    void replayTraceWithABadRowNamesTheLine() throws IOException {
        Files.writeString(dir.resolve("t.csv"), "timestamp,requests\n0,5\n60,five\n");
        write("a.yaml", profile("pattern:\n  type: replay\n  file: t.csv"));

        assertThatThrownBy(() -> ProfileFiles.open(dir))
                .hasMessageContaining("profile 'bad'")
                .hasMessageContaining("field 'pattern.file'")
                .hasMessageContaining("t.csv line 3")
                .hasMessageContaining("column 2 is not a number")
                .hasMessageNotContaining("five");
    }

    @Test
    void misspeltFieldIsNamedWithTheKnownOnes() throws IOException {
        write("a.yaml", profile("pattern:\n  type: constant\n  rate: 3").replace("scalingFactor", "scalingFacter"));

        assertThatThrownBy(() -> ProfileFiles.open(dir))
                .hasMessageContaining("field 'scalingFacter': is not a known field")
                .hasMessageContaining("scalingFactor");
    }

    @Test
    void missingFieldsAreNamed() throws IOException {
        write("a.yaml", "profileId: bad\nduration: 1h\npattern:\n  type: constant\n  rate: 3\n");
        assertThatThrownBy(() -> ProfileFiles.open(dir)).hasMessageContaining("field 'resourceType': is missing");

        write("a.yaml", "profileId: bad\nresourceType: CPU\npattern:\n  type: constant\n  rate: 3\n");
        assertThatThrownBy(() -> ProfileFiles.open(dir)).hasMessageContaining("field 'duration': is missing");

        write("a.yaml", "profileId: bad\nresourceType: GPU\nduration: 1h\npattern:\n  type: constant\n  rate: 3\n");
        assertThatThrownBy(() -> ProfileFiles.open(dir)).hasMessageContaining("'GPU' is not a ResourceType")
                .hasMessageContaining("CPU, MEMORY, NETWORK_IO, DISK_IO");
    }

    @Test
    void brokenYamlGivesTheLine() throws IOException {
        write("a.yaml", "profileId: bad\npattern:\n  type: constant\n rate: [3\n");

        assertThatThrownBy(() -> ProfileFiles.open(dir))
                .hasMessageContaining("is not valid YAML")
                .hasMessageContaining("at line");
    }

    @Test
    void duplicateIdsAreRefused() throws IOException {
        write("a.yaml", profile("pattern:\n  type: constant\n  rate: 3"));
        write("b.yaml", profile("pattern:\n  type: constant\n  rate: 4"));

        assertThatThrownBy(() -> ProfileFiles.open(dir)).hasMessageContaining("defined twice");
    }

    @Test
    void missingFolderSaysWhatToDo() {
        assertThatThrownBy(() -> ProfileFiles.open(dir.resolve("nowhere")))
                .hasMessageContaining("does not exist")
                .hasMessageContaining("prescale.profileDb");
    }

    @Test
    void badIdsAndFactorsAreRefusedByTheRecordItself() {
        LoadPattern p = new LoadPattern.Constant(1);
        assertThatThrownBy(() -> new LoadProfile("no spaces", ResourceType.CPU, p, Duration.ofMinutes(1), 1, null,
                null, null)).hasMessageContaining("field 'profileId'");
        assertThatThrownBy(() -> new LoadProfile("ok", ResourceType.CPU, p, Duration.ofMinutes(1),
                Double.POSITIVE_INFINITY, null, null, null)).hasMessageContaining("field 'scalingFactor'");
        assertThatThrownBy(() -> new LoadProfile("ok", ResourceType.CPU, null, Duration.ofMinutes(1), 1, null, null,
                null)).hasMessageContaining("field 'pattern': is missing");
    }

    @Test
    void replayFilesOutsideTheProfileAndTraceFoldersAreRefusedByPathAlone() throws IOException {
        Path outside = Files.createTempFile("prescale-secret", ".csv");
        Files.writeString(outside, "timestamp,requests\n0,5\n60,SECRET_PASSWORD\n");
        Files.createSymbolicLink(dir.resolve("link.csv"), outside);
        try {
            for (String file : new String[]{"/proc/self/environ", "/etc/passwd", "../../../../../../etc/passwd",
                    outside.toString(), "link.csv", "/dev/zero"}) {
                write("a.yaml", profile("pattern:\n  type: replay\n  file: " + file));

                assertThatThrownBy(() -> ProfileFiles.open(dir)).as(file)
                        .isInstanceOf(ProfileException.class)
                        .hasMessageContaining("field 'pattern.file'")
                        .hasMessageContaining("is outside the folders traces are read from")
                        .hasMessageNotContaining("SECRET").hasMessageNotContaining("root:");
            }
        } finally {
            Files.delete(outside);
        }
    }

    @Test
    void replayFilesInTheProfileFolderOrTheConfiguredTraceFolderAreRead() throws IOException {
        Files.writeString(dir.resolve("t.csv"), "timestamp,requests\n0,60\n60,120\n");
        write("a.yaml", profile("pattern:\n  type: replay\n  file: t.csv"));
        assertThat(ProfileFiles.open(dir).byId("bad").rateAt(90)).isEqualTo(2);

        // profile-db/traces is the default trace folder: the shipped flash-sale profile reads ../traces from there
        assertThat(TraceFolders.forProfilesIn(dir).roots()).contains(Path.of("profile-db", "traces").toRealPath());
        write("a.yaml", profile("pattern:\n  type: replay\n  file: "
                + Path.of("profile-db", "traces", "flash-sale-per-minute.csv").toAbsolutePath()));
        assertThat(ProfileFiles.open(dir).byId("bad").totalRequests()).isPositive();
    }

    @Test
    void aBadPathIsNamedNotThrownRaw() throws IOException {
        write("a.yaml", profile("pattern:\n  type: replay\n  file: \"t\\u0000.csv\""));
        assertThatThrownBy(() -> ProfileFiles.open(dir)).isInstanceOf(ProfileException.class)
                .hasMessageContaining("field 'pattern.file'");
    }

    private static String profile(String pattern) {
        return "profileId: bad\nresourceType: CPU\nduration: 1h\nscalingFactor: 1\n" + pattern + "\n";
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }
}
