package dev.prescale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prescale.config.Config;
import dev.prescale.config.Key;
import dev.prescale.simulation.GatlingLauncher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every documented key, set through each channel (a file, {@code PRESCALE_*}, {@code -Dprescale.*}, and the CLI handing
 * its configuration to a child JVM as {@code prescale rehearse} does), read back in a separate JVM by
 * {@code prescale config show --json}: no value lost or renamed on the way, secrets kept off the command line.
 */
class ConfigChannelsTest {

    private static final String MAIN = PrescaleCli.class.getName();
    private static final List<String> SHOW = List.of("config", "show", "--json");

    @TempDir
    static Path dir;
    private static Collection<Key> keys;
    private static Path file;

    @BeforeAll
    static void everyKeyInAFile() throws IOException {
        keys = ConfigCommand.all();
        StringBuilder yaml = new StringBuilder("# every key, flat (store and store.folder cannot both nest)\n");
        for (Key k : keys) {
            yaml.append(k.name()).append(": '").append(k.example().replace("'", "''")).append("'\n");
        }
        file = Files.writeString(dir.resolve("prescale.yaml"), yaml);
    }

    @Test
    void theReferenceListsEnoughKeysToMeanSomething() {
        assertThat(keys).hasSizeGreaterThan(80).extracting(Key::name)
                .contains("scaling.target", "runlength", "influx.password", "api.token", "resilience.reports")
                .doesNotHaveDuplicates();
        assertThat(keys).allSatisfy(k -> assertThat(k.example()).as(k.name()).isNotEqualTo(k.fallback()));
    }

    @Test
    void aFileNamedByPrescaleConfig() throws Exception {
        assertEveryKey(child(Map.of(), Map.of("PRESCALE_CONFIG", file.toString())), "file");
    }

    @Test
    void environmentVariables() throws Exception {
        Map<String, String> env = new HashMap<>();
        keys.forEach(k -> env.put(k.environmentName(), k.example()));
        assertEveryKey(child(Map.of(), env), "env");
    }

    @Test
    void systemProperties() throws Exception {
        Map<String, String> properties = new HashMap<>();
        keys.forEach(k -> properties.put("prescale." + k.name(), k.example()));
        assertEveryKey(child(properties, Map.of()), "property");
    }

    /**
     * What {@code prescale rehearse -c FILE} hands its Gatling JVM: every key as {@code -Dprescale.*} but the secrets,
     * which go in the child's environment.
     */
    @Test
    void fromTheCliToItsChildJvm() throws Exception {
        Config parent = Config.load(file, Map.of(), Map.of());
        assertThat(parent.childProperties().keySet()).noneMatch(Config::secret)
                .contains("prescale.runlength", "prescale.scaling.target");
        assertThat(parent.childEnvironment()).containsEntry("PRESCALE_INFLUX_PASSWORD", "s3cret-pass")
                .containsEntry("PRESCALE_API_TOKEN", "a-long-random-token-0123").containsOnlyKeys(
                        "PRESCALE_INFLUX_PASSWORD", "PRESCALE_INFLUX_TOKEN", "PRESCALE_API_TOKEN");

        JsonNode shown = child(parent.childProperties(), parent.childEnvironment());

        assertEveryKey(shown, null);
        keys.forEach(k -> assertThat(shown.path("sources").path(k.name()).asText()).as(k.name())
                .isEqualTo(Config.secret(k.name()) ? "env" : "property"));
    }

    @Test
    void aTypoIsNamedWithTheKeyMeantAndFailsTheRun() throws Exception {
        JsonNode shown = child(Map.of("prescale.scaling.targt", "0.5"), Map.of());

        assertThat(shown.path("unknown").toString()).contains("scaling.targt (-Dprescale.scaling.targt) is not a key "
                + "Prescale reads; did you mean scaling.target?");
    }

    private static void assertEveryKey(JsonNode shown, String source) {
        List<String> wrong = new ArrayList<>();
        for (Key k : keys) {
            String value = shown.path("values").path(k.name()).asText(null);
            String expected = Config.secret(k.name()) ? "******" : k.example();
            if (!expected.equals(value)) {
                wrong.add(k.name() + "=" + value + " (set " + expected + ")");
            }
            if (source != null && !source.equals(shown.path("sources").path(k.name()).asText())) {
                wrong.add(k.name() + " from " + shown.path("sources").path(k.name()).asText() + ", not " + source);
            }
        }
        assertThat(wrong).as("keys the child read differently").isEmpty();
        assertThat(shown.path("unknown")).as("unknown keys").isEmpty();
    }

    private static JsonNode child(Map<String, String> properties, Map<String, String> environment) throws Exception {
        Path log = Files.createTempFile(dir, "child", ".json");
        Process p = GatlingLauncher.startJava(MAIN, SHOW, properties, environment, log);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("child finished").isTrue();
        String out = Files.readString(log);
        int start = out.indexOf('{');
        assertThat(start).as(out).isNotNegative();
        return new ObjectMapper().readTree(out.substring(start));
    }
}
