package dev.prescale.chaos;

import dev.prescale.profile.ProfileException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChaosProfilesTest {

    static final String EVERY_KIND = """
            name: every-kind
            maxLength: 5m
            faults:
              - kind: latency
                start: 10s
                duration: 30s
                fixed: 100ms
                jitter: 50ms
              - kind: errors
                start: 1m
                duration: 20s
                rate: 5%
                status: 500
              - kind: dropped-connections
                duration: 10s
                rate: 0.1
              - kind: instance-crash
                start: 2m
                duration: 45s
                instances: 2
              - kind: slow-instance
                start: 3m
                duration: 1m
                factor: 3
              - kind: dependency-outage
                start: 4m
                duration: 30s
                path: /checkout
            """;

    @Test
    void readsEveryKindOfFault() {
        FaultSchedule s = ChaosProfiles.parse(EVERY_KIND, "every-kind.yaml");

        assertThat(s.name()).isEqualTo("every-kind");
        assertThat(s.maxLength()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.faults()).containsExactly(
                new Fault.Latency(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMillis(100),
                        Duration.ofMillis(50)),
                new Fault.Errors(Duration.ofMinutes(1), Duration.ofSeconds(20), 0.05, 500),
                new Fault.DroppedConnections(Duration.ZERO, Duration.ofSeconds(10), 0.1),
                new Fault.InstanceCrash(Duration.ofMinutes(2), Duration.ofSeconds(45), 2),
                new Fault.SlowInstance(Duration.ofMinutes(3), Duration.ofMinutes(1), 1, 3),
                new Fault.DependencyOutage(Duration.ofMinutes(4), Duration.ofSeconds(30), "/checkout", 503));
        assertThat(s.lastEnd()).isEqualTo(Duration.ofMinutes(4).plusSeconds(30));
    }

    @Test
    void aScheduleLongerThanItsMaximumIsRefused() {
        String tooLong = EVERY_KIND.replace("maxLength: 5m", "maxLength: 4m");
        assertThatThrownBy(() -> ChaosProfiles.parse(tooLong, "x.yaml")).isInstanceOf(ProfileException.class)
                .hasMessageContaining("every-kind").hasMessageContaining("fault 6 (dependency-outage)")
                .hasMessageContaining("270 s").hasMessageContaining("maxLength of 240 s");
        assertThatThrownBy(() -> new FaultSchedule("forever", List.of(), Duration.ofHours(7)))
                .hasMessageContaining("at most 6 h");
        assertThatThrownBy(() -> new Fault.Errors(Duration.ZERO, Duration.ZERO, 0.5, 500))
                .hasMessageContaining("must end by itself");
    }

    @Test
    void badFaultsAreNamedWithTheFix() {
        assertThatThrownBy(() -> ChaosProfiles.parse(EVERY_KIND.replace("kind: slow-instance", "kind: meteor"),
                "x.yaml")).hasMessageContaining("faults[5].kind").hasMessageContaining("meteor")
                .hasMessageContaining("instance-crash");
        assertThatThrownBy(() -> ChaosProfiles.parse(EVERY_KIND.replace("rate: 5%", "rate: lots"), "x.yaml"))
                .hasMessageContaining("faults[2].rate").hasMessageContaining("5%");
        assertThatThrownBy(() -> ChaosProfiles.parse(EVERY_KIND.replace("status: 500", "status: 200"), "x.yaml"))
                .hasMessageContaining("faults[2]").hasMessageContaining("400..599");
        assertThatThrownBy(() -> ChaosProfiles.parse(EVERY_KIND.replace("fixed: 100ms", "fixd: 100ms"), "x.yaml"))
                .hasMessageContaining("faults[1].fixd").hasMessageContaining("not a known field");
        assertThatThrownBy(() -> ChaosProfiles.parse(EVERY_KIND.replace("duration: 30s\n    fixed", "duration: soon\n    fixed"),
                "x.yaml")).hasMessageContaining("faults[1].duration");
        assertThatThrownBy(() -> ChaosProfiles.parse("faults: []", "x.yaml")).hasMessageContaining("name");
        assertThatThrownBy(() -> ChaosProfiles.load(Path.of("profile-db/chaos"), "no-such-profile"))
                .hasMessageContaining("no-such-profile");
    }

    @Test
    void theProfilesShippedInProfileDbAreValid() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("profile-db/chaos"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - 5)).toList();
            assertThat(names).isNotEmpty();
            for (String name : names) {
                assertThat(ChaosProfiles.load(Path.of("profile-db/chaos"), name).name()).isEqualTo(name);
            }
        }
    }
}
