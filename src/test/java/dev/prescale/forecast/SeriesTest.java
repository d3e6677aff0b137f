package dev.prescale.forecast;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeriesTest {

    @Test
    void irregularSamplesLandOnTheGridAveragedWithGapsAsNaN() {
        Series s = Series.fromSamples(new long[]{0, 20, 70, 250}, new double[]{4, 6, 10, 1}, 60);

        assertThat(s.values()).containsExactly(5, 10, Double.NaN, Double.NaN, 1);
        assertThat(s.observed()).isEqualTo(3);
        assertThat(s.filled()).containsExactly(5, 10, 7, 4, 1);
    }

    @Test
    void unsortedDuplicateNegativeAndInfiniteInputAreNamed() {
        assertThatThrownBy(() -> Series.fromSamples(new long[]{0, 60, 30}, new double[]{1, 2, 3}, 60))
                .hasMessageContaining("timestamp 30 at index 2 is before the previous one")
                .hasMessageContaining("Fix: sort the samples");
        assertThatThrownBy(() -> Series.fromSamples(new long[]{0, 60, 60}, new double[]{1, 2, 3}, 60))
                .hasMessageContaining("repeats the previous one");
        assertThatThrownBy(() -> new Series(0, 60, new double[]{1, -2}))
                .hasMessageContaining("value -2.0 at index 1").hasMessageContaining("use NaN for a missing value");
        assertThatThrownBy(() -> new Series(0, 60, new double[]{Double.POSITIVE_INFINITY}))
                .hasMessageContaining("not a finite");
        assertThatThrownBy(() -> new Series(0, 60, new double[]{Double.NaN, Double.NaN}).filled())
                .hasMessageContaining("no observed value");
    }
}
