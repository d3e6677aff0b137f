package dev.prescale.anomaly;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * NAB's arithmetic on hand-computed cases. A file of 100 rows: probationary period floor(0.15 x 100) = 15 rows;
 * one window over rows 40..49 (width 10). NAB's scaled sigmoid is s(x) = 2 / (1 + e^(5x)) - 1, and a true positive
 * at row i weighs s(-(49 - i + 1) / 10) / s(-1), where s(-1) = 0.98661430.
 */
class NabFileTest {

    static final NabFile.Window WINDOW = new NabFile.Window(40, 49);

    static double[] detectionsAt(int... rows) {
        double[] scores = new double[100];
        for (int r : rows) {
            scores[r] = 1.0;
        }
        return scores;
    }

    static NabFile file(NabProfile profile) {
        return new NabFile("f", 100, List.of(WINDOW), profile);
    }

    @Test
    void aDetectionAtTheStartOfTheWindowEarnsTheWholeTruePositiveWeight() {
        NabFile.Result r = file(NabProfile.STANDARD).score(detectionsAt(40), 0.5);

        assertThat(r.score()).isCloseTo(1.0, within(1e-12)); // s(-1) / s(-1)
        assertThat(r.truePositives()).isEqualTo(1);
        assertThat(r.missed()).isZero();
    }

    @Test
    void aLateDetectionEarnsLessAndOnlyTheEarliestInAWindowCounts() {
        // row 49: s(-0.1) / s(-1) = 0.24491800 / 0.98661430 = 0.24824155
        assertThat(file(NabProfile.STANDARD).score(detectionsAt(49), 0.5).score()).isCloseTo(0.24824155,
                within(1e-8));
        // rows 42 and 45: only 42 counts, s(-0.8) / s(-1) = 0.96402758 / 0.98661430 = 0.97710684
        NabFile.Result both = file(NabProfile.STANDARD).score(detectionsAt(42, 45), 0.5);
        assertThat(both.score()).isCloseTo(0.97710684, within(1e-8));
        assertThat(both.falsePositives()).isZero();
    }

    @Test
    void aFalsePositiveJustAfterTheWindowCostsLessThanOneFarFromIt() {
        // row 50: |49 - 50| / (10 - 1) = 1/9; s(1/9) = -0.27084712; x 0.11 = -0.02979318; plus the TP at 40
        NabFile.Result near = file(NabProfile.STANDARD).score(detectionsAt(40, 50), 0.5);
        assertThat(near.score()).isCloseTo(1.0 - 0.02979318, within(1e-8));
        assertThat(near.falsePositives()).isEqualTo(1);
        // row 90: 41/9 widths after the window, beyond 3: s = -1, x 0.11
        assertThat(file(NabProfile.STANDARD).score(detectionsAt(40, 90), 0.5).score()).isCloseTo(1.0 - 0.11,
                within(1e-12));
        // row 20: before any window, -1 x 0.11; and the window missed: -1
        assertThat(file(NabProfile.STANDARD).score(detectionsAt(20), 0.5).score()).isCloseTo(-1.11, within(1e-12));
        // reward-low-FP weighs it 0.22
        assertThat(file(NabProfile.REWARD_LOW_FP).score(detectionsAt(20), 0.5).score()).isCloseTo(-1.22,
                within(1e-12));
    }

    @Test
    void aMissedWindowCostsTheFalseNegativeWeight() {
        assertThat(file(NabProfile.STANDARD).score(detectionsAt(), 0.5).score()).isEqualTo(-1.0);
        assertThat(file(NabProfile.REWARD_LOW_FN).score(detectionsAt(), 0.5).score()).isEqualTo(-2.0);
        assertThat(file(NabProfile.REWARD_LOW_FN).nullScore()).isEqualTo(-2.0);
        assertThat(file(NabProfile.STANDARD).perfectScore()).isEqualTo(1.0);
    }

    @Test
    void aFileWithoutWindowsOnlyLoses() {
        NabFile quiet = new NabFile("q", 100, List.of(), NabProfile.STANDARD);

        assertThat(quiet.windows()).isZero();
        assertThat(quiet.nullScore()).isZero();
        assertThat(quiet.score(detectionsAt(20, 30), 0.5).score()).isCloseTo(-0.22, within(1e-12));
    }

    @Test
    void theProbationaryPeriodIsNotScored() {
        assertThat(NabFile.probationaryRows(100)).isEqualTo(15);
        assertThat(NabFile.probationaryRows(10_000)).isEqualTo(750);
        // a detection in rows 0..14 counts for nothing; the window is still missed
        assertThat(file(NabProfile.STANDARD).score(detectionsAt(3, 14), 0.5).score()).isEqualTo(-1.0);
        // a window inside the probationary period is not a window
        NabFile early = new NabFile("e", 100, List.of(new NabFile.Window(5, 10)), NabProfile.STANDARD);
        assertThat(early.windows()).isZero();
        assertThat(early.score(detectionsAt(), 0.5).score()).isZero();
    }

    @Test
    void theSweepAgreesWithScoringEachThreshold() {
        double[] scores = new double[100];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = (i * 37 % 100) / 100.0;
        }
        scores[44] = Double.NaN;
        NabFile f = file(NabProfile.STANDARD);
        NabFile.Sweep sweep = f.sweep(scores);

        for (double t : new double[]{0.0, 0.05, 0.37, 0.5, 0.9, 0.99, 1.5}) {
            assertThat(sweep.scoreAt(t)).as("threshold " + t).isCloseTo(f.score(scores, t).score(), within(1e-12));
        }
    }

    @Test
    void windowsMustFitTheFileAndNotOverlap() {
        assertThatThrownBy(() -> new NabFile("x", 100, List.of(new NabFile.Window(95, 120)), NabProfile.STANDARD))
                .hasMessageContaining("x").hasMessageContaining("100 rows");
        assertThatThrownBy(() -> new NabFile("y", 100, List.of(new NabFile.Window(40, 60),
                new NabFile.Window(50, 70)), NabProfile.STANDARD)).hasMessageContaining("y");
    }
}
