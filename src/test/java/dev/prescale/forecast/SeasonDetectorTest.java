package dev.prescale.forecast;

import dev.prescale.profile.RateTrace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SeasonDetectorTest {

    static final Path DATA = Path.of("../shared/data");

    @Test
    void findsDailyAndWeeklyCyclesOfFiveMinuteData() {
        Random random = new Random(3);
        double[] v = new double[288 * 28];
        for (int i = 0; i < v.length; i++) {
            v[i] = 100 + 40 * Math.sin(2 * Math.PI * i / 288) + 15 * Math.sin(2 * Math.PI * i / 2016)
                    + 8 * random.nextGaussian();
        }
        assertThat(SeasonDetector.detect(new Series(0, 300, v))).containsExactly(288, 2016);
    }

    @Test
    void smoothNoiseAndConstantsHaveNoSeason() {
        Random random = new Random(5);
        double[] persistent = new double[5000];
        for (int i = 1; i < persistent.length; i++) {
            persistent[i] = 0.98 * persistent[i - 1] + random.nextGaussian();
        }
        for (int i = 0; i < persistent.length; i++) {
            persistent[i] += 100;
        }
        assertThat(SeasonDetector.detect(new Series(0, 60, persistent))).isEmpty();
        assertThat(SeasonDetector.detect(new Series(0, 60, new double[5000]))).isEmpty();
    }

    @Test
    void toleratesGaps() {
        double[] v = new double[288 * 10];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i / 288) == 4 ? Double.NaN : 50 + 30 * Math.cos(2 * Math.PI * i / 288);
        }
        assertThat(SeasonDetector.detect(new Series(0, 300, v))).first().isEqualTo(288);
    }

    @Test
    void nasaJulyHasADayAndAWeek() {
        Path nasa = DATA.resolve("traces/nasa-kennedy-jul1995-per-minute.csv");
        assumeTrue(Files.exists(nasa), "shared data folder ../shared/data is absent");
        assertThat(SeasonDetector.detect(Series.fromTrace(RateTrace.read(nasa, "file"))))
                .containsExactly(1440, 10080);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void craneCpuSeriesHaveADay(int index) {
        Path cpu = DATA.resolve("cpu/crane-cpu-" + index + ".csv");
        assumeTrue(Files.exists(cpu), "shared data folder ../shared/data is absent");
        var seasons = SeasonDetector.detect(Series.fromTrace(RateTrace.read(cpu, "file")));
        assertThat(seasons).first().isEqualTo(1440);
        assertThat(seasons).allMatch(s -> s == 1440 || s == 10080);
    }
}
