package dev.prescale.chaos;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChaosRunTest {

    static final FaultSchedule TWO_FAULTS = new FaultSchedule("two", List.of(
            new Fault.Errors(Duration.ofSeconds(10), Duration.ofSeconds(5), 0.1, 500),
            new Fault.Latency(Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofMillis(50), Duration.ZERO)),
            Duration.ofMinutes(1));

    static ChaosRun run(FaultSchedule schedule) {
        return new ChaosRun(schedule, 50, Duration.ofSeconds(5), 1, Optional.empty(), Duration.ofSeconds(10), 2,
                Duration.ofSeconds(10), Optional.empty());
    }

    @Test
    void eachRequestBelongsToThePhaseItIsSentIn() {
        ChaosRun run = run(TWO_FAULTS);

        assertThat(run.phase(Duration.ofSeconds(9))).isEqualTo(ChaosRun.STEADY);
        assertThat(run.phase(Duration.ofSeconds(10))).isEqualTo(ChaosRun.FAULT);
        assertThat(run.phase(Duration.ofSeconds(17))).as("between two faults: recovering from the first")
                .isEqualTo(ChaosRun.RECOVERING);
        assertThat(run.phase(Duration.ofSeconds(29))).isEqualTo(ChaosRun.FAULT);
        assertThat(run.phase(Duration.ofSeconds(30))).isEqualTo(ChaosRun.RECOVERING);
        assertThat(run.phase(Duration.ofMillis(34_999))).isEqualTo(ChaosRun.RECOVERING);
        assertThat(run.phase(Duration.ofSeconds(35))).isEqualTo(ChaosRun.RECOVERED);
        assertThat(run.runLength()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void readsItsSettingsAndRefusesBadOnes() {
        ChaosRun read = ChaosRun.from(Map.of("prescale.chaos", "instance-crash", "prescale.chaos.rate", "80",
                "prescale.chaos.maxErrorRate", "2%", "prescale.chaos.recoveredP95", "400ms"));
        assertThat(read.schedule().name()).isEqualTo("instance-crash");
        assertThat(read.rate()).isEqualTo(80);
        assertThat(read.maxErrorPercent()).isEqualTo(2);
        assertThat(read.recoveredP95()).contains(Duration.ofMillis(400));

        assertThatThrownBy(() -> ChaosRun.from(Map.of("prescale.chaos.rate", "lots")))
                .hasMessageContaining("prescale.chaos.rate=lots");
        assertThatThrownBy(() -> ChaosRun.from(Map.of("prescale.target", "http://10.0.0.7:8080")))
                .hasMessageContaining("loopback");
        assertThatThrownBy(() -> ChaosRun.from(Map.of("prescale.chaos", "nope")))
                .hasMessageContaining("no chaos profile");
    }
}
