package dev.prescale.simulation;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RehearsalSettingsTest {

    @Test
    void defaultsRunTheDailyProfileInAMinuteOnTheEmbeddedService() {
        RehearsalSettings s = RehearsalSettings.from(Map.of());

        assertThat(s.target()).isEmpty();
        assertThat(s.profileId()).isEqualTo("storefront-daily");
        assertThat(s.injectionOptions(86_400).timeCompression()).isEqualTo(1440);
        assertThat(s.countTolerance()).isEmpty();
        assertThat(s.mix()).isEqualTo(RequestMix.STOREFRONT);
    }

    @Test
    void readsEveryKnob() {
        RehearsalSettings s = RehearsalSettings.from(Map.of(
                "prescale.target", "http://localhost:8080",
                "prescale.profile", "black-friday",
                "prescale.compression", "600",
                "prescale.intensity", "0.5",
                "prescale.slo.p95", "250ms",
                "prescale.slo.maxErrorRate", "0.5%",
                "prescale.assertCount", "0.02",
                "prescale.mix", "GET /a 1, post /b 3"));

        assertThat(s.target()).hasValueSatisfying(u -> assertThat(u.getPort()).isEqualTo(8080));
        assertThat(s.injectionOptions(86_400).timeCompression()).isEqualTo(600);
        assertThat(s.injectionOptions(86_400).intensity()).isEqualTo(0.5);
        assertThat(s.sloOverride().p95Latency()).isEqualTo(Duration.ofMillis(250));
        assertThat(s.sloOverride().maxErrorPercent()).isEqualTo(0.5);
        assertThat(s.countTolerance()).hasValue(0.02);
        assertThat(s.mix().requests()).extracting(RequestMix.Request::method).containsExactly("GET", "POST");
    }

    @Test
    void remoteTargetsNeedExplicitConsent() {
        assertThatThrownBy(() -> RehearsalSettings.from(Map.of("prescale.target", "https://shop.example.com")))
                .hasMessageContaining("is not on this machine")
                .hasMessageContaining("-Dprescale.allowRemoteTarget=true");
        assertThat(RehearsalSettings.from(Map.of("prescale.target", "https://staging.example.com",
                "prescale.allowRemoteTarget", "true")).target()).isPresent();
        assertThatThrownBy(() -> RehearsalSettings.from(Map.of("prescale.target", "127.0.0.1:8080")))
                .hasMessageContaining("prescale.target '127.0.0.1:8080' is not").hasMessageContaining("http://127.0.0.1:8080");
    }

    @Test
    void badValuesNameThePropertyAndTheForm() {
        assertThatThrownBy(() -> RehearsalSettings.from(Map.of("prescale.compression", "fast")))
                .hasMessageContaining("prescale.compression='fast' is not a number");
        assertThatThrownBy(() -> RehearsalSettings.from(Map.of("prescale.intensity", "-1")))
                .hasMessageContaining("prescale.intensity='-1' must be a finite number >= 0");
        assertThatThrownBy(() -> RehearsalSettings.from(Map.of("prescale.runLength", "soon")))
                .hasMessageContaining("prescale.runLength='soon' is not a positive duration");
        assertThatThrownBy(() -> RehearsalSettings.from(Map.of("prescale.mix", "GET /a")))
                .hasMessageContaining("request mix entry 'GET /a' is not 'METHOD /path weight'");
    }
}
