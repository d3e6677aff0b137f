package dev.prescale.bench;

import dev.prescale.profile.LoadPattern;
import dev.prescale.profile.LoadProfile;
import dev.prescale.profile.Priority;
import dev.prescale.profile.ResourceType;
import dev.prescale.profile.Slo;

import java.time.Duration;
import java.util.List;

/** The traffic both benchmark simulations inject: one wave from a quarter of the peak up to the peak and back. */
final class OverheadWave {

    static final int SECONDS = Integer.getInteger("prescale.bench.seconds", 40);
    static final double PEAK = Double.parseDouble(System.getProperty("prescale.bench.peak", "1500"));
    static final String TARGET = System.getProperty("prescale.target", "http://127.0.0.1:8080");

    static final LoadPattern.PeakValley WAVE = new LoadPattern.PeakValley(Duration.ofSeconds(SECONDS), PEAK,
            PEAK / 4, Duration.ofSeconds(SECONDS / 2));

    static LoadProfile profile() {
        return new LoadProfile("bench-wave", ResourceType.CPU, WAVE, Duration.ofSeconds(SECONDS), 1,
                Priority.BUSINESS, List.of(), Slo.NONE);
    }

    private OverheadWave() {
    }
}
