package dev.prescale.cli;

import dev.prescale.chaos.ChaosRun;
import dev.prescale.config.Config;
import dev.prescale.config.Key;
import dev.prescale.resilience.LoopKeys;
import dev.prescale.resilience.ResilienceKeys;
import dev.prescale.simulation.RehearsalSettings;
import dev.prescale.store.influx.InfluxConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each feature reads the keys it lists: setting one key to its documented example changes what the feature's reader
 * returns (or makes it fail naming the value, for a file that is not there), so a listed key that nothing reads, or a
 * reader that looks under another name, fails here. {@link ConfigChannelsTest} checks the same keys survive every
 * channel.
 */
class FeatureKeysTest {

    @Test
    void rehearsalSettings() {
        // read by other parts of a rehearsal: Prescale.profile (profilesource, profiledb), TraceFolders, Recording
        assertEachKeyChanges(RehearsalSettings.KEYS, Map.of(), RehearsalSettings::from,
                Set.of("profilesource", "profiledb", "tracefolders", "runid"),
                Map.of("allowremotetarget", Map.of("prescale.target", "http://192.0.2.1:8080")));
    }

    @Test
    void shard() {
        assertEachKeyChanges(dev.prescale.simulation.Shard.KEYS, Map.of(), p -> dev.prescale.simulation.Shard.from(p,
                Map.of()), Set.of(), Map.of("shard.index", Map.of("prescale.shard.count", "3")));
    }

    @Test
    void influxConnection() {
        assertEachKeyChanges(InfluxConfig.KEYS, Map.of(), p -> InfluxConfig.from(p, Map.of()), Set.of(), Map.of());
    }

    @Test
    void capacitySettings() {
        // the example type list names m5.large, the example measured type: set alone, it is not among the default's
        assertEachKeyChanges(dev.prescale.capacity.CapacitySettings.KEYS, Map.of(),
                dev.prescale.capacity.CapacitySettings::from, Set.of(), Map.of("capacity.instancetype",
                        Map.of("prescale.capacity.instancetypes", "c5.large:0.085:2:4:10, m5.large:0.096:2:8:10")));
    }

    @Test
    void behaviour() {
        assertEachKeyChanges(dev.prescale.behaviour.BehaviourSettings.KEYS, Map.of(),
                dev.prescale.behaviour.BehaviourSettings::from, Set.of(), Map.of());
        assertEachKeyChanges(dev.prescale.simulation.BehaviourRun.KEYS, Map.of(),
                dev.prescale.simulation.BehaviourRun::from, Set.of(), Map.of());
        assertEachKeyChanges(dev.prescale.simulation.Variants.KEYS, Map.of(), dev.prescale.simulation.Variants::from,
                Set.of(), Map.of());
    }

    @Test
    void learn() {
        assertEachKeyChanges(dev.prescale.learn.LearnSettings.KEYS, Map.of(), p -> List.of(
                dev.prescale.learn.LearnSettings.from(p), dev.prescale.learn.LearnSettings.modelFile(p)), Set.of(),
                Map.of());
    }

    @Test
    void chaosRun() {
        assertEachKeyChanges(ChaosRun.KEYS, Map.of(), ChaosRun::from, Set.of(), Map.of());
    }

    @Test
    void theLoop() {
        assertEachKeyChanges(LoopKeys.KEYS, Map.of("prescale.scaling.max", "20"),
                p -> LoopKeys.read(config(p), true, null), Set.of(), Map.of());
    }

    @Test
    void resilienceRehearsal(@TempDir Path dir) throws Exception {
        Path history = IssuesCommandTest.history(dir);
        // issues.history's example names a file that is not there, so its reading shows as the failure naming it
        assertEachKeyChanges(ResilienceKeys.KEYS, Map.of("prescale.issues.history", history.toString(),
                        "prescale.issues.days", "3"), p -> ResilienceKeys.read(config(p)),
                Set.of("resilience.reports"), // the simulation's report folder
                Map.of("issues.edgecases", Map.of("prescale.issues.days", "30"))); // edge cases are drawn: a month
    }

    /** What the reader returns, or its failure's message as a string. */
    private static Object outcome(Function<Map<String, String>, Object> reader, Map<String, String> p) {
        try {
            return reader.apply(p);
        } catch (RuntimeException e) {
            return "failed: " + e.getMessage();
        }
    }

    private static Config config(Map<String, String> properties) {
        return Config.load(null, Map.of(), properties);
    }

    private static void assertEachKeyChanges(List<Key> keys, Map<String, String> base,
                                             Function<Map<String, String>, Object> reader, Set<String> readElsewhere,
                                             Map<String, Map<String, String>> needs) {
        List<String> ignored = new ArrayList<>();
        for (Key k : keys) {
            if (readElsewhere.contains(k.name())) {
                continue;
            }
            Map<String, String> p = new HashMap<>(base);
            p.putAll(needs.getOrDefault(k.name(), Map.of())); // what makes the key matter
            Object before = outcome(reader, p);
            p.put("prescale." + k.name(), k.example());
            Object after = outcome(reader, p);
            if (after.equals(before)) {
                ignored.add(k.name() + "=" + k.example());
            } else if (after instanceof String failure && !failure.contains(k.example())) {
                ignored.add(k.name() + "=" + k.example() + " failed without naming it: " + failure);
            }
        }
        assertThat(ignored).as("keys set to their example that changed nothing").isEmpty();
    }
}
