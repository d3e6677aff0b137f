package dev.prescale.capacity;

import dev.prescale.forecast.ForecastException;
import dev.prescale.store.Point;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SignatureModelTest {

    static final Instant T = Instant.parse("2026-11-28T00:00:00Z");

    /** Browse costs 40 ms and 6 kB; checkout 320 ms, 32 MB held and 1.2 kB; an instance has 4 cores. */
    static Map<String, EndpointCost> costs() {
        return EndpointCost.from(List.of(
                signature("GET /browse", 900, 900 * 40.0, 900 * 4.0, 900 * 6_000L),
                signature("POST /checkout", 100, 100 * 320.0, 100 * 32.0, 100 * 1_200L)));
    }

    static Point signature(String endpoint, long count, double cpuMs, double memMb, long bytes) {
        return Point.of("load_signature", T).tag("origin", "run:x").tag("source", "forecast").tag("endpoint", endpoint)
                .field("count", count).field("cost_reported", count).field("cpu_ms", cpuMs).field("mem_mb", memMb)
                .field("bytes_sum", bytes).build();
    }

    /** Seconds of a rehearsal where utilization is exactly processor load / 4 cores, plus 0.02 idle. */
    static List<SignatureSample> samples(double checkoutShare) {
        List<SignatureSample> samples = new ArrayList<>();
        for (int rate = 20; rate <= 100; rate += 10) {
            Map<String, Double> rps = Map.of("GET /browse", rate * (1 - checkoutShare),
                    "POST /checkout", rate * checkoutShare);
            double load = rate * (1 - checkoutShare) * 0.040 + rate * checkoutShare * 0.320;
            double held = rate * checkoutShare * 32 * 0.320 + rate * (1 - checkoutShare) * 4 * 0.040;
            samples.add(new SignatureSample(rps, 2, 0.02 + load / 2 / 4, 2 * 256 + 1.5 * held));
        }
        return samples;
    }

    @Test
    void costsAndComplexityComeFromTheSignatures() {
        Map<String, EndpointCost> costs = costs();

        assertThat(costs.get("POST /checkout").cpuMsPerRequest()).isEqualTo(320.0);
        assertThat(costs.get("GET /browse").bytesPerRequest()).isEqualTo(6_000.0);
        // the mean request costs 0.9 x 40 + 0.1 x 320 = 68 ms
        assertThat(EndpointCost.complexity(costs)).hasEntrySatisfying("POST /checkout",
                c -> assertThat(c).isCloseTo(320 / 68.0, within(1e-9)));
        assertThat(EndpointCost.points(costs, "run:x", T)).hasSize(2).allSatisfy(p ->
                assertThat(p.number("complexity")).isPositive());
    }

    @Test
    void aModelFittedOnOneMixPredictsAnother() {
        SignatureModel model = SignatureModel.fit(costs(), samples(0.05));

        assertThat(model.cpu().slope()).isCloseTo(0.25, within(1e-6)); // one core-second is a quarter of 4 cores
        assertThat(model.cpu().intercept()).isCloseTo(0.02, within(1e-6));
        // 60 req/s at 30% checkouts on 2 instances: (42 x 0.04 + 18 x 0.32) / 2 / 4 + 0.02
        Map<String, Double> sale = Map.of("GET /browse", 42.0, "POST /checkout", 18.0);
        assertThat(model.utilizationAt(sale, 2)).isCloseTo(0.02 + (42 * 0.04 + 18 * 0.32) / 8, within(1e-6));
        assertThat(model.memoryMbAt(sale, 2)).isCloseTo(256 + 1.5 * (18 * 32 * 0.32 + 42 * 4 * 0.04) / 2,
                within(1e-6));
        assertThat(model.networkBytesPerSecond(sale)).isEqualTo(42 * 6_000.0 + 18 * 1_200.0);
        // an endpoint never rehearsed costs what the mean rehearsed request does (68 ms)
        assertThat(model.cpuLoad(Map.of("GET /new", 10.0))).isCloseTo(0.68, within(1e-9));
    }

    @Test
    void withoutReportedCostTheModelSaysWhatToDo() {
        Map<String, EndpointCost> unreported = EndpointCost.from(List.of(Point.of("load_signature", T)
                .tag("endpoint", "GET /a").field("count", 10L).field("bytes_sum", 100L).build()));

        assertThatThrownBy(() -> SignatureModel.fit(unreported, samples(0.05))).isInstanceOf(ForecastException.class)
                .hasMessageContaining("Server-Timing");
    }
}
