package dev.prescale.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.prescale.cli.IssuesCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code prescale profiles validate}: one line per file, whatever the files hold, and an exit code a script can use. */
class ProfilesCommandTest {

    static final String HEAD = "resourceType: CPU\nduration: 1h\n";

    @Test
    void validatePrintsOneLinePerFileAndNeverStopsEarly(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a-good.yaml"), "profileId: good\n" + HEAD
                + "pattern:\n  type: constant\n  rate: 5\n");
        Files.writeString(dir.resolve("b-runaway.yaml"), "profileId: runaway\n" + HEAD
                + "pattern:\n  type: expression\n  expression: \"e^e^e^e^e\"\n");
        Files.writeString(dir.resolve("c-huge.yaml"), "profileId: huge\n" + HEAD
                + "pattern:\n  type: expression\n  expression: \"1e9999999999\"\n");
        Files.writeString(dir.resolve("d-cosh.yaml"), "profileId: cosh\n" + HEAD
                + "pattern:\n  type: expression\n  expression: \"cosh(1000)\"\n");
        Files.writeString(dir.resolve("e-falling.yaml"), "profileId: falling\n" + HEAD
                + "pattern:\n  type: expression\n  expression: \"10 - t\"\n");
        Files.writeString(dir.resolve("f-leak.yaml"), "profileId: leak\n" + HEAD
                + "pattern:\n  type: replay\n  file: /proc/self/environ\n");
        Files.writeString(dir.resolve("g-broken.yaml"), "profileId: [unclosed\n");
        Files.writeString(dir.resolve("h-also-good.yaml"), "profileId: also-good\n" + HEAD
                + "pattern:\n  type: linear\n  from: 1\n  to: 9\n");

        IssuesCommandTest.Run result = run("profiles", "validate", dir.toString());

        assertThat(result.exit()).isEqualTo(1);
        String[] lines = result.out().strip().split("\n");
        assertThat(lines).hasSize(9); // eight files and the summary
        assertThat(lines[0]).startsWith("valid   ").endsWith("a-good.yaml");
        for (int i = 1; i <= 6; i++) {
            assertThat(lines[i]).startsWith("INVALID ").contains("field '");
        }
        assertThat(lines[1]).contains("b-runaway.yaml").contains("pattern.expression");
        assertThat(lines[5]).contains("f-leak.yaml").contains("pattern.file").doesNotContain("PATH=");
        assertThat(lines[7]).startsWith("valid   ").endsWith("h-also-good.yaml");
        assertThat(lines[8]).isEqualTo("2 valid, 6 invalid of 8 profile files");
    }

    @Test
    void validateExitsZeroWhenAllAreValidAndTwoForAUsageError(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.yaml"), "profileId: a\n" + HEAD + "pattern:\n  type: constant\n  rate: 5\n");

        assertThat(run("profiles", "validate", dir.toString()).exit()).isZero();
        assertThat(run("profiles", "validate", "profile-db/profiles").exit()).isZero();
        IssuesCommandTest.Run missing = run("profiles", "validate", dir.resolve("nowhere").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("neither a folder nor a file");
        assertThat(run("profiles", "validate", "--no-such-option").exit()).isEqualTo(2);
    }
}
