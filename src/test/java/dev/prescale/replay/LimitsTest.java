package dev.prescale.replay;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class LimitsTest {

    static final ReplaySettings SETTINGS = ReplaySettings.of(60, 1.0, 5); // 1 request/s per instance

    @Test
    void aBurstAboveEverythingVisibleIsUnforeseenAndOneTheDayBeforeShowedIsNot() {
        double[] rps = new double[3 * 1440];
        Arrays.fill(rps, 2);
        int yesterday = 1440 + 600;
        int today = 2 * 1440 + 600;
        int fresh = 2 * 1440 + 900;
        for (int m = 0; m < 3; m++) {
            rps[yesterday + m] = 6; // yesterday's burst at 10:00
            rps[today + m] = 5;     // today's at the same time, no bigger
            rps[fresh + m] = 7;     // a burst at 15:00 that nothing before showed
        }
        rps[2 * 1440 + 1200] = Double.NaN; // a missing minute is neither a violation nor a burst
        boolean[] violated = new boolean[1440];
        for (int m = 0; m < 3; m++) {
            violated[600 + m] = true; // a fleet of 2 instances violates in both bursts
            violated[900 + m] = true;
        }

        Limits limits = Limits.of(rps, 2 * 1440, SETTINGS, violated);

        assertThat(limits.violationMinutes()).isEqualTo(6);
        assertThat(limits.unforeseen()).isEqualTo(3);
        assertThat(limits.describe()).startsWith("3 of its 6 violation-minutes fell in bursts");
        assertThat(Limits.of(rps, 2 * 1440, SETTINGS, new boolean[1440]).describe())
                .isEqualTo("no violation-minutes");
    }
}
