package dev.prescale.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CliConfigTest {

    @Test
    void environmentOverridesTheFileAndSystemPropertiesOverrideBoth(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("prescale.yaml");
        Files.writeString(file, """
                controller:
                  group: from-file
                  history: shop
                  interval: 30s
                scaling:
                  max: 12
                """);

        CliConfig c = CliConfig.load(file, Map.of("PRESCALE_CONTROLLER_GROUP", "from-env", "HOME", "/root"),
                Map.of("prescale.scaling.max", "15", "user.home", "/root"));

        assertThat(c.text("controller.group", null)).isEqualTo("from-env");
        assertThat(c.text("controller.history", null)).isEqualTo("shop");
        assertThat(c.duration("controller.interval", Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.integer("scaling.max", 0, 0, 100)).isEqualTo(15);
        assertThat(c.asProperties()).containsEntry("prescale.controller.group", "from-env").doesNotContainKey("HOME");
        c.check();
    }

    @Test
    void everyProblemIsListedAtOnce() {
        CliConfig c = CliConfig.load(null, Map.of("PRESCALE_SCALING_TARGET", "high"),
                Map.of("prescale.controller.interval", "soon", "prescale.scaling.dryrun", "maybe"));

        c.required("controller.group", "the group to scale");
        c.number("scaling.target", 0.7, 0, 1);
        c.duration("controller.interval", Duration.ofMinutes(1));
        c.flag("scaling.dryrun", true);

        assertThatThrownBy(c::check).hasMessageContaining("4 problems")
                .hasMessageContaining("controller.group is missing: the group to scale (in the file, or "
                        + "PRESCALE_CONTROLLER_GROUP)")
                .hasMessageContaining("scaling.target=high is not a number")
                .hasMessageContaining("controller.interval=soon is not a duration")
                .hasMessageContaining("scaling.dryrun=maybe is not true or false");
    }

    @Test
    void theControllerCommandReportsAllItsProblemsAndExitsNonZero() {
        var err = new java.io.StringWriter();
        var cli = PrescaleCli.commandLine();
        cli.setErr(new java.io.PrintWriter(err));

        int exit = cli.execute("controller");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("controller.group is missing").contains("controller.history is missing")
                .contains("scaling.max is missing").contains("capacity.slope");
    }
}
