package dev.prescale.store;

import dev.prescale.profile.ProfileException;
import dev.prescale.profile.RateTrace;
import me.tongfei.progressbar.ProgressBar;

import java.nio.file.Path;

/**
 * Imports a request-rate CSV ({@code timestamp,requests}) into the {@code traffic_history} measurement of a store, with
 * a progress bar: {@code prescale import-trace FILE SERIES [--replay-speed-up X]} runs it.
 */
public final class TraceImport {

    private TraceImport() {
    }

    /**
     * Imports {@code file} as {@code series} with a progress bar on the terminal; returns the steps written.
     *
     * @param allowGaps import a trace with more missing steps than rows ({@link RateTrace#read(Path, String, boolean)});
     *                  without it such a trace, usually one mistyped timestamp, is refused naming the row
     */
    public static long run(ProfileStore profiles, Path file, String series, boolean allowGaps) {
        RateTrace trace = RateTrace.read(file, "file", allowGaps);
        long steps = Math.round(trace.spanSeconds() / trace.stepSeconds());
        try (ProgressBar bar = new ProgressBar("import " + series, steps)) {
            profiles.saveHistory(series, file.getFileName().toString(), trace, trace.start(), trace.end(),
                    bar::stepTo);
        }
        return steps;
    }
}
