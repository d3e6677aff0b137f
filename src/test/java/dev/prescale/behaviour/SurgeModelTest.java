package dev.prescale.behaviour;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SurgeModelTest {

    /** Hours at 100 expected: a deviation of d (x observed) is followed by a surge with probability 1 / (1 + 1 / d^4). */
    static List<SurgeModel.Example> history(int n, long seed) {
        Random random = new Random(seed);
        List<SurgeModel.Example> examples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double ratio = Math.exp(random.nextGaussian() * 0.5);
            double p = 1 / (1 + Math.pow(ratio, -4) * 20);
            examples.add(new SurgeModel.Example(100 * ratio, 100, 1, random.nextDouble() < p));
        }
        return examples;
    }

    @Test
    void aFittedModelIsCalibratedOutOfSampleAndBeatsTheBaseRate() {
        SurgeModel model = SurgeModel.fit(history(4_000, 1), "test", 10, SurgeModel.PRIOR);
        List<SurgeModel.Example> test = history(4_000, 2);

        double[] p = test.stream().mapToDouble(e -> model.probability(e.observed(), e.expected(), e.lift())).toArray();
        boolean[] y = new boolean[test.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = test.get(i).surged();
        }
        double base = test.stream().filter(SurgeModel.Example::surged).count() / (double) test.size();
        double[] constant = new double[p.length];
        java.util.Arrays.fill(constant, base);

        assertThat(model.coefficients()[1] + model.coefficients()[2]).as("deviation raises it").isPositive();
        assertThat(SurgeModel.brier(p, y)).isLessThan(SurgeModel.brier(constant, y));
        for (double[] bin : SurgeModel.reliability(p, y, 5)) {
            if (bin[2] >= 300) { // 3 standard errors of a share near one half over 300 moments: 0.09
                assertThat(bin[1]).as("of the moments given %.2f, the share that surged", bin[0])
                        .isCloseTo(bin[0], within(0.1));
            }
        }
    }

    @Test
    void tooFewSurgesKeepThePriorAndTheCalendarLiftRaisesIt() {
        List<SurgeModel.Example> quiet = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            quiet.add(new SurgeModel.Example(100, 100, 1, i < 3));
        }

        assertThat(SurgeModel.fit(quiet, "test", 10, SurgeModel.PRIOR)).isSameAs(SurgeModel.PRIOR);
        assertThat(SurgeModel.PRIOR.probability(100, 100, 4)).isGreaterThan(SurgeModel.PRIOR.probability(100, 100, 1));
        assertThat(SurgeModel.PRIOR.probability(500, 100, 1)).isGreaterThan(0.7);
        assertThat(SurgeModel.PRIOR.probability(100, 100, 1)).isLessThan(0.3);
        assertThat(SurgeModel.isSurge(160, 100)).isTrue();
        assertThat(SurgeModel.isSurge(4, 2)).as("two more requests are not a surge").isFalse();
    }
}
