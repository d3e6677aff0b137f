package dev.prescale.anomaly;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A fleet's CPU, request rate and error rate every 5 s: calm, then an incident. */
class FleetWatchTest {

    static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");
    static final List<FleetWatch.Metric> METRICS = List.of(new FleetWatch.Metric("cpu", 0.05),
            new FleetWatch.Metric("rps", 1.0), new FleetWatch.Metric("error_rate", 0.01));

    /**
     * Sample {@code i}: 40% CPU and 50 req/s with noise, a failed request now and then; {@code level} errors in
     * [from, to).
     */
    static double[] sample(Random r, int i, int errorsFrom, int errorsTo, double level) {
        double rps = 50 + 3 * r.nextGaussian();
        double errors = i >= errorsFrom && i < errorsTo ? level + 0.02 * r.nextGaussian()
                : r.nextInt(10) == 0 ? 0.002 : 0;
        return new double[]{0.4 + 0.02 * r.nextGaussian(), rps, errors};
    }

    static List<AnomalyEvent> run(FleetWatch watch, int samples, int errorsFrom, int errorsTo) {
        return run(watch, samples, errorsFrom, errorsTo, 0.2);
    }

    static List<AnomalyEvent> run(FleetWatch watch, int samples, int errorsFrom, int errorsTo, double level) {
        Random r = new Random(5);
        List<AnomalyEvent> out = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            out.addAll(watch.observe(T0.plusSeconds(5L * i), sample(r, i, errorsFrom, errorsTo, level), null));
        }
        return out;
    }

    @Test
    void aCalmFleetRaisesNothing() {
        FleetWatch watch = new FleetWatch("calm", METRICS, FleetWatch.Settings.DEFAULTS);

        assertThat(run(watch, 720, -1, -1)).isEmpty(); // an hour
        assertThat(watch.open()).isNull();
    }

    @Test
    void anIncidentIsOneEventFromItsStartToItsEndNamingTheMetric() {
        FleetWatch watch = new FleetWatch("run-1", METRICS, FleetWatch.Settings.DEFAULTS);
        int from = 240; // 20 minutes in; errors for 3 minutes
        int to = 276;

        List<AnomalyEvent> changes = run(watch, 480, from, to);

        assertThat(changes).isNotEmpty();
        assertThat(changes).extracting(AnomalyEvent::start).containsOnly(T0.plusSeconds(5L * from));
        AnomalyEvent last = changes.get(changes.size() - 1);
        assertThat(changes.subList(0, changes.size() - 1)).allMatch(AnomalyEvent::open);
        assertThat(last.open()).isFalse();
        assertThat(last.end()).as("the last erroring sample").isEqualTo(T0.plusSeconds(5L * (to - 1)));
        assertThat(last.metrics()).containsExactly("error_rate");
        assertThat(last.severity()).as("20%% errors: 20 resolutions off").isEqualTo(AnomalyEvent.Severity.MEDIUM);
        assertThat(last.series()).isEqualTo("run-1");
        assertThat(watch.open()).isNull();
        assertThat(last.toPoint().fields()).containsEntry("open", false).containsEntry("severity", "medium")
                .containsEntry("end", last.end().toString());
        assertThat(AnomalyEvent.fromPoint(last.toPoint())).isEqualTo(last);
    }

    @Test
    void anEventStaysOpenWhileTheIncidentLastsAndALastingLevelBecomesNormal() {
        FleetWatch watch = new FleetWatch("run-2", METRICS, FleetWatch.Settings.DEFAULTS);

        List<AnomalyEvent> changes = run(watch, 600, 240, 10_000, 0.5); // 20 minutes of 50% errors, and on

        assertThat(changes).extracting(AnomalyEvent::start).containsOnly(T0.plusSeconds(5L * 240));
        assertThat(watch.open()).as("after 20 minutes").isNotNull();
        assertThat(watch.open().severity()).isEqualTo(AnomalyEvent.Severity.HIGH);

        FleetWatch longer = new FleetWatch("run-2", METRICS, FleetWatch.Settings.DEFAULTS);
        List<AnomalyEvent> hour = run(longer, 1200, 240, 10_000, 0.5); // 80 minutes: past the 30 they are normal
        assertThat(hour.get(hour.size() - 1).open()).isFalse();
        assertThat(hour.get(hour.size() - 1).end()).isAfter(T0.plusSeconds(5L * 240).plus(Duration.ofMinutes(30)));
        assertThat(longer.open()).isNull();
    }

    @Test
    void badSamplesAreIgnoredOrNamed() {
        FleetWatch watch = new FleetWatch("run-3", METRICS, FleetWatch.Settings.DEFAULTS);
        run(watch, 200, -1, -1);

        assertThat(watch.observe(T0, new double[]{0.9, 500, 0.9}, null)).as("earlier than the last").isEmpty();
        assertThat(watch.observe(T0.plusSeconds(5L * 200), new double[]{Double.NaN, Double.NaN, Double.NaN}, null))
                .as("nothing known").isEmpty();
        assertThatThrownBy(() -> watch.observe(T0.plusSeconds(5L * 201), new double[]{0.4, 50}, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("run-3")
                .hasMessageContaining("[cpu, rps, error_rate]");
        assertThatThrownBy(() -> new FleetWatch.Settings(Duration.ofMinutes(10), 1.5, Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("threshold");
        assertThat(AnomalyEvent.fromPoint(dev.prescale.store.Point.of("anomaly", T0).tag("series", "x")
                .field("score", 0.7).field("severity", "dreadful").build())).as("not an event").isNull();
    }
}
