package dev.prescale.chaos;

import java.util.List;

import dev.prescale.config.Key;

import dev.prescale.profile.Durations;
import dev.prescale.profile.Shares;
import dev.prescale.profile.ShippedFiles;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a ChaosSimulation runs: the chaos profile, the traffic under it, and the recovery it must show: within
 * {@code recoverWithin} of the last fault's end, the error rate is back under {@code maxErrorPercent} (and p95 under
 * {@code recoveredP95}, when set) for the rest of the run.
 *
 * <p>Requests are told apart by when they are sent, as the Gatling group they run in ({@link #phase}):
 * {@value #STEADY} before the first fault, {@value #FAULT} while any is on, {@value #RECOVERING} in the grace after the
 * last, {@value #RECOVERED} from then on; the recovery assertions are on the last group.
 *
 * @param observe how long traffic goes on after the recovery deadline
 */
public record ChaosRun(FaultSchedule schedule, double rate, Duration recoverWithin, double maxErrorPercent,
                       Optional<Duration> recoveredP95, Duration observe, int shadowInstances, Duration shadowWarmUp,
                       Optional<URI> target) {

    public static final String STEADY = "steady";
    public static final String FAULT = "fault";
    public static final String RECOVERING = "recovering";
    public static final String RECOVERED = "recovered";

    public ChaosRun {
        if (!(rate > 0 && rate <= 2000)) {
            throw new IllegalArgumentException("prescale.chaos.rate must be in (0, 2000] requests/s, but was " + rate);
        }
        if (!(maxErrorPercent >= 0 && maxErrorPercent <= 100)) {
            throw new IllegalArgumentException("prescale.chaos.maxErrorRate must be 0..100%, but was "
                    + maxErrorPercent);
        }
        if (recoverWithin.isNegative() || observe.isNegative() || observe.isZero()) {
            throw new IllegalArgumentException("prescale.chaos.recoverWithin must be >= 0 and prescale.chaos.observe "
                    + "> 0, but were " + recoverWithin + " and " + observe);
        }
        Duration length = schedule.lastEnd().plus(recoverWithin).plus(observe);
        if (length.compareTo(FaultSchedule.HARD_LIMIT) > 0) {
            throw new IllegalArgumentException("a chaos run of " + length + " is longer than the hard limit "
                    + FaultSchedule.HARD_LIMIT + "; shorten the profile, recoverWithin or observe");
        }
        target.ifPresent(ChaosProxy::requireLoopback);
    }

    /** The keys {@link #from} reads besides the target and the shadow's. */
    public static final List<Key> KEYS = List.of(
            Key.of("chaos", "flaky-network", "instance-crash", "the chaos profile to run"),
            Key.of("chaos.folder", "/srv/prescale/chaos", "profile-db/chaos", "the folder of chaos profiles"),
            Key.of("chaos.rate", "120", "60", "steady traffic during a chaos run, requests/s"),
            Key.of("chaos.recoverwithin", "10s", "5s", "how long after the last fault the SLO must hold again"),
            Key.of("chaos.maxerrorrate", "5%", "1%", "errors allowed once recovered"),
            Key.of("chaos.recoveredp95", "500ms", "none", "p95 required once recovered"),
            Key.of("chaos.observe", "20s", "10s", "traffic after the recovery deadline"));

    /**
     * Reads {@code prescale.chaos} (profile name, default {@code instance-crash}), {@code prescale.chaos.folder}
     * (default {@code profile-db/chaos}), {@code prescale.chaos.rate} (requests/s, default 60),
     * {@code prescale.chaos.recoverWithin} (default 5s), {@code prescale.chaos.maxErrorRate} (default 1%),
     * {@code prescale.chaos.recoveredP95} (none by default), {@code prescale.chaos.observe} (default 10s),
     * {@code prescale.shadow.instances} (default 2), {@code prescale.shadow.warmUp} (default 10s) and
     * {@code prescale.target} (the user's service on loopback, reached through the chaos proxy).
     *
     * @throws IllegalArgumentException naming the property and the fix
     */
    public static ChaosRun from(Map<String, String> properties) {
        // prescale rehearse lower-cases the keys it hands the child
        Map<String, String> p = dev.prescale.config.Config.caseInsensitive(properties);
        String folder = p.get("prescale.chaos.folder");
        FaultSchedule schedule = ChaosProfiles.load(folder == null || folder.isBlank()
                        ? ShippedFiles.orShipped(ChaosProfiles.DEFAULT_FOLDER) : Path.of(folder),
                p.getOrDefault("prescale.chaos", "instance-crash").strip());
        return new ChaosRun(schedule,
                number(p, "prescale.chaos.rate", "60"),
                duration(p, "prescale.chaos.recoverWithin", "5s"),
                percent(p.getOrDefault("prescale.chaos.maxErrorRate", "1%")),
                Optional.ofNullable(p.get("prescale.chaos.recoveredP95")).filter(s -> !s.isBlank())
                        .map(s -> duration(p, "prescale.chaos.recoveredP95", s)),
                duration(p, "prescale.chaos.observe", "10s"),
                (int) number(p, "prescale.shadow.instances", "2"),
                duration(p, "prescale.shadow.warmUp", "10s"),
                Optional.ofNullable(p.get("prescale.target")).filter(s -> !s.isBlank()).map(URI::create));
    }

    /** How long traffic runs: until the recovery deadline, and {@code observe} after it. */
    public Duration runLength() {
        return schedule.lastEnd().plus(recoverWithin).plus(observe);
    }

    /** The phase a request sent {@code elapsed} after the schedule started belongs to. */
    public String phase(Duration elapsed) {
        boolean anyOn = schedule.faults().stream().anyMatch(f -> elapsed.compareTo(f.start()) >= 0
                && elapsed.compareTo(f.end()) < 0);
        if (anyOn) {
            return FAULT;
        }
        Duration first = schedule.faults().stream().map(Fault::start).min(Duration::compareTo).orElse(Duration.ZERO);
        if (elapsed.compareTo(first) < 0) {
            return STEADY;
        }
        Duration last = schedule.lastEnd();
        return elapsed.compareTo(last.plus(recoverWithin)) < 0 ? RECOVERING : RECOVERED;
    }

    private static double number(Map<String, String> p, String key, String fallback) {
        String text = p.getOrDefault(key, fallback).strip();
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + text + " is not a number");
        }
    }

    private static Duration duration(Map<String, String> p, String key, String fallback) {
        String text = p.getOrDefault(key, fallback);
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + "=" + text + ": " + e.getMessage());
        }
    }

    private static double percent(String text) {
        String t = text.strip();
        try {
            return Shares.percent(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("prescale.chaos.maxErrorRate=" + text + " is not a percentage such as "
                    + "1% or a share such as 0.01");
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "chaos %s: %d faults, %.0f req/s for %d s; recovered within %d s of the "
                        + "last fault's end to under %.1f%% errors%s", schedule.name(), schedule.faults().size(), rate,
                runLength().toSeconds(), recoverWithin.toSeconds(), maxErrorPercent,
                recoveredP95.map(d -> " and p95 under " + d.toMillis() + " ms").orElse(""));
    }
}
