package dev.prescale.simulation;

import dev.prescale.behaviour.BehaviourProfile;
import dev.prescale.behaviour.BehaviourSettings;
import dev.prescale.behaviour.BehaviourStore;
import dev.prescale.config.Config;
import dev.prescale.config.Key;
import dev.prescale.signature.AccessLog;
import dev.prescale.store.TimeSeriesStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code BehaviourSimulation} plays: a stored behaviour profile ({@code behaviour.profile}) or one learned on the
 * spot from an access log ({@code behaviour.log}), for {@code behaviour.hours} hours from the hours it was learned on,
 * compressed into the rehearsal's run length.
 *
 * @param log   the access log to learn from, or null
 * @param hours hours to play, 0 for the hours it was learned on (a week at most)
 * @param seed  what every session's draws start from, so a run can be repeated
 * @param summary where to write what each group did (JSON), or null
 */
public record BehaviourRun(Path log, int hours, long seed, Path summary) {

    public static final List<Key> KEYS = List.of(
            Key.of("behaviour.log", "access.log", "none: behaviour.profile from the store",
                    "an access log a behaviour rehearsal learns its users from"),
            Key.of("behaviour.hours", "24", "the hours learned on, a week at most", "hours of user behaviour to play"),
            Key.of("behaviour.seed", "7", "1", "seed of the sessions' draws"),
            Key.of("behaviour.summary", "target/behaviour.json", "none",
                    "where a behaviour rehearsal writes each group's sessions, requests and session lengths"));

    public static BehaviourRun from(Map<String, String> properties) {
        Map<String, String> p = Config.caseInsensitive(properties);
        String log = p.get("prescale.behaviour.log");
        String hours = p.getOrDefault("prescale.behaviour.hours", "0").strip();
        String seed = p.getOrDefault("prescale.behaviour.seed", "1").strip();
        if (!hours.matches("\\d{1,4}") || !seed.matches("-?\\d{1,18}")) {
            throw new IllegalArgumentException("behaviour.hours=" + hours + " and behaviour.seed=" + seed + " must be "
                    + "whole numbers; write e.g. behaviour.hours=24");
        }
        String summary = p.get("prescale.behaviour.summary");
        return new BehaviourRun(log == null || log.isBlank() ? null : Path.of(log.strip()), Integer.parseInt(hours),
                Long.parseLong(seed), summary == null || summary.isBlank() ? null : Path.of(summary.strip()));
    }

    /** The profile to play: learned from the log when one is given, else the stored one. */
    public BehaviourProfile profile(BehaviourSettings settings, TimeSeriesStore store) {
        if (log != null) {
            try {
                AccessLog.Result read = AccessLog.read(log);
                return BehaviourProfile.fit(log.getFileName().toString(), read.entries(), settings.gap(),
                        settings.grouping(), settings.clusters());
            } catch (IOException e) {
                throw new UncheckedIOException("behaviour.log=" + log + " cannot be read (" + e.getMessage() + "); "
                        + "give the path of an access log", e);
            }
        }
        if (settings.profile() == null) {
            throw new IllegalArgumentException("a behaviour rehearsal needs behaviour.log (an access log) or "
                    + "behaviour.profile (a profile stored with prescale behaviour fit)");
        }
        if (store == null) {
            throw new IllegalArgumentException("behaviour.profile=" + settings.profile() + " is read from the store, "
                    + "but store=none; set store (file or influx) or give behaviour.log");
        }
        return BehaviourStore.load(store, settings.profile()).map(BehaviourStore.Stored::profile).orElseThrow(() ->
                new IllegalArgumentException("behaviour.profile=" + settings.profile() + " is not in the store; fit "
                        + "it with prescale behaviour fit LOG --name " + settings.profile()));
    }

    /** The hours played: as configured, else those learned on; never more than a week. */
    public int hoursOf(BehaviourProfile profile) {
        long learned = Duration.between(profile.from(), profile.to()).toHours();
        return (int) Math.max(1, Math.min(168, hours > 0 ? hours : learned));
    }

    /** Where the play starts: the first hour learned on. */
    public Instant from(BehaviourProfile profile) {
        return profile.from();
    }
}
