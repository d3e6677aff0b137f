package dev.prescale.scaling;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class PeakPolicyTest {

    static final Bounds BOUNDS = Bounds.honoring(1, 500);

    /** Noisy per-minute demand around a daily wave of 200-1000 requests, {@code days} long. */
    static double[] wave(int days, long seed) {
        Random random = new Random(seed);
        double[] v = new double[days * 1440];
        for (int m = 0; m < v.length; m++) {
            double rate = 600 - 400 * Math.cos(2 * Math.PI * (m % 1440) / 1440.0);
            v[m] = Math.max(0, Math.round(rate + Math.sqrt(rate) * random.nextGaussian()));
        }
        return v;
    }

    @Test
    void sizedOnAWeekItCarriesTheNextWeeksBusiestMinutesAboutAsOftenAsAsked() {
        double[] v = wave(14, 5);
        double perInstance = 50;
        for (double q : new double[]{0.9, 0.99}) {
            PeakPolicy policy = new PeakPolicy(PeakPolicy.Settings.of(q, 5, 2));
            PeakPolicy.Calibration c = policy.calibrate(v, 7 * 1440 - 1, perInstance);
            assertThat(c.usable()).isTrue();
            int carried = 0;
            int decisions = 0;
            for (int visible = 7 * 1440; visible < 14 * 1440 - 8; visible++) {
                int desired = policy.decide(v, visible, c, perInstance, 1, BOUNDS).desired();
                double busiest = PeakPolicy.max(v, visible + 3, visible + 8);
                carried += busiest <= desired * perInstance ? 1 : 0;
                decisions++;
            }
            double share = carried / (double) decisions;
            // calibrated, not merely safe: about q of them, neither far fewer nor nearly all
            assertThat(share).as("q %s, %s", q, c.describe()).isBetween(q - 0.02, q + (1 - q) / 2);
        }
    }

    @Test
    void demandOneInstanceAlwaysCarriesNeedsNoHeadroom() {
        double[] v = wave(8, 3);
        PeakPolicy policy = new PeakPolicy(PeakPolicy.Settings.of(0.999, 5, 2));
        double perInstance = 5000; // far above the busiest minute
        PeakPolicy.Calibration c = policy.calibrate(v, v.length - 1, perInstance);
        assertThat(c.factor()).isLessThan(1e-6);
        assertThat(policy.decide(v, v.length - 1, c, perInstance, 7, BOUNDS).desired()).isEqualTo(1);
    }

    @Test
    void missingAndOddMinutesAreNeverDemandAndNeverThrow() {
        double[] v = wave(8, 4);
        PeakPolicy policy = new PeakPolicy(PeakPolicy.Settings.of(0.99, 5, 2));
        PeakPolicy.Calibration clean = policy.calibrate(v, v.length - 1, 50);
        double[] odd = v.clone();
        for (int m = 0; m < odd.length; m += 97) {
            odd[m] = m % 3 == 0 ? Double.NaN : m % 3 == 1 ? Double.POSITIVE_INFINITY : -40;
        }
        PeakPolicy.Calibration c = policy.calibrate(odd, odd.length - 1, 50);
        assertThat(c.usable()).isTrue();
        assertThat(c.factor()).isCloseTo(clean.factor(), org.assertj.core.data.Percentage.withPercentage(10));

        // the last 30 minutes missing: nothing to size on, the capacity is held, not sized for zero
        double[] gap = v.clone();
        Arrays.fill(gap, gap.length - 30, gap.length, Double.NaN);
        PeakPolicy.Decision held = policy.decide(gap, gap.length - 1, c, 50, 9, BOUNDS);
        assertThat(held.desired()).isEqualTo(9);
        assertThat(held.reason()).startsWith("holding 9");

        // too little history to calibrate: held, and said so
        PeakPolicy.Calibration none = policy.calibrate(v, 5, 50);
        assertThat(none.usable()).isFalse();
        assertThat(policy.decide(v, 5, none, 50, 4, BOUNDS).desired()).isEqualTo(4);
        assertThat(policy.decide(new double[0], -3, none, 50, 4, BOUNDS).desired()).isEqualTo(4);
    }

    @Test
    void neverOutsideTheBounds() {
        double[] v = wave(8, 6);
        PeakPolicy policy = new PeakPolicy(PeakPolicy.Settings.of(0.99, 5, 2));
        PeakPolicy.Calibration c = policy.calibrate(v, v.length - 1, 50);
        Bounds tight = Bounds.honoring(3, 6);
        for (int visible = v.length - 1440; visible < v.length; visible += 17) {
            assertThat(policy.decide(v, visible, c, 50, 4, tight).desired()).isBetween(3, 6);
        }
        assertThat(policy.decide(v, v.length - 1, c, 50, 400, BOUNDS).desired()).isLessThan(400);
    }

    @Test
    void countsPerStepBecomeMinutesAndOtherStepsAreRefused() {
        assertThat(PeakPolicy.perMinute(new double[]{50, Double.NaN}, 300, "x"))
                .containsExactly(10, 10, 10, 10, 10, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        assertThat(PeakPolicy.perMinute(new double[]{1, 2, 3, 4, 5, Double.NaN, 7, Double.NaN, 1}, 15, "x"))
                .containsExactly(10, 24); // the second minute from its two observed quarters; the tail is no minute
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PeakPolicy.perMinute(new double[]{1}, 90, "t.csv"))
                .hasMessageContaining("t.csv").hasMessageContaining("whole minutes");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PeakPolicy.perMinute(new double[]{1}, 25, "t.csv"))
                .hasMessageContaining("divides a minute");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PeakPolicy(PeakPolicy.Settings.of(0.99, 5, 2))
                .calibrate(new double[10], 9, 0)).hasMessageContaining("positive");
    }
}
