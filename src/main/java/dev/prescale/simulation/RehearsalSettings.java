package dev.prescale.simulation;

import dev.prescale.config.Config;
import dev.prescale.config.Key;
import dev.prescale.net.Loopback;
import dev.prescale.profile.Durations;
import dev.prescale.profile.Shares;
import dev.prescale.profile.Slo;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a rehearsal simulation is told on the command line ({@code -Dprescale.x=...}), read and checked in one place so
 * every simulation accepts the same knobs. Immutable.
 *
 * <table>
 *   <caption>properties</caption>
 *   <tr><td>prescale.target</td><td>base URL of the system under test; unset = start the embedded shadow
 *   service</td></tr>
 *   <tr><td>prescale.allowRemoteTarget</td><td>true to allow a target that is not 127.0.0.1/localhost</td></tr>
 *   <tr><td>prescale.profile</td><td>profile id (default {@value #DEFAULT_PROFILE})</td></tr>
 *   <tr><td>prescale.compression</td><td>profile seconds per run second, or {@code auto} (default): the run lasts
 *   prescale.runLength</td></tr>
 *   <tr><td>prescale.runLength</td><td>length of an auto-compressed run (default 60s)</td></tr>
 *   <tr><td>prescale.intensity</td><td>multiplies the profile's rate (default 1)</td></tr>
 *   <tr><td>prescale.slo.p95, prescale.slo.maxErrorRate</td><td>override the profile's objective (250ms, 1%)</td></tr>
 *   <tr><td>prescale.assertCount</td><td>tolerance (0.02) to assert the request count against the profile</td></tr>
 *   <tr><td>prescale.mix</td><td>request mix, e.g. {@code GET /browse 70, POST /checkout 5}</td></tr>
 *   <tr><td>prescale.baseline.rate, prescale.baseline.duration</td><td>tier-1 traffic (default 3/s for 30s)</td></tr>
 *   <tr><td>prescale.intensityFile</td><td>a file holding the intensity, followed while the run goes (the API's
 *   adjust_intensity); prescale.intensity is then the most it may be set to</td></tr>
 *   <tr><td>prescale.baseline.alongside</td><td>ProfileSimulation also sends tier-1 baseline traffic at that rate for
 *   the whole run (default false)</td></tr>
 *   <tr><td>prescale.shadow.instances</td><td>instances of the embedded shadow service (default 2)</td></tr>
 *   <tr><td>prescale.store</td><td>where live results go: file (default), influx, none ({@code Stores})</td></tr>
 *   <tr><td>prescale.runId</td><td>id tagging this run's results (default: profile, time, random suffix)</td></tr>
 * </table>
 */
public record RehearsalSettings(Optional<URI> target, String profileId, OptionalDouble compression,
                                Duration runLength, double intensity, Slo sloOverride, OptionalDouble countTolerance,
                                RequestMix mix, double baselineRate, Duration baselineDuration, int shadowInstances,
                                boolean baselineAlongside, Optional<java.nio.file.Path> intensityFile) {

    public static final String DEFAULT_PROFILE = "storefront-daily";

    /**
     * The keys a rehearsal simulation reads (file, {@code PRESCALE_*}, {@code -Dprescale.*}), the profile's source and
     * the run's id included.
     */
    public static final List<Key> KEYS = List.of(
            Key.of("target", "http://127.0.0.1:8080", "the embedded shadow service",
                    "base URL of the system under test"),
            Key.of("allowremotetarget", "true", "false", "allow a target that is not 127.0.0.1/localhost"),
            Key.of("profile", "black-friday", DEFAULT_PROFILE, "the profile to run"),
            Key.of("profilesource", "influx", "files", "where the profile is read: files, influx or store"),
            Key.of("profiledb", "/srv/prescale/profiles", "profile-db/profiles", "the folder of profile files"),
            Key.of("tracefolders", "/srv/prescale/traces", "profile-db/traces",
                    "folders replay profiles' traces may be read from (path-separated)"),
            Key.of("compression", "60", "auto", "profile seconds per run second; auto fits the run into runlength"),
            Key.of("runlength", "2m", "60s", "how long an auto-compressed run lasts"),
            Key.of("intensity", "1.5", "1", "multiplies the profile's rate"),
            Key.of("intensityfile", "/tmp/prescale-intensity", "none",
                    "a file holding the intensity, followed while the run goes; intensity is then its ceiling"),
            Key.of("slo.p95", "400ms", "the profile's (250ms)", "objective: 95th percentile response time"),
            Key.of("slo.maxerrorrate", "2%", "the profile's (1%)", "objective: most errors allowed"),
            Key.of("assertcount", "0.05", "no assertion", "tolerance to assert the request count against the profile"),
            Key.of("mix", "GET /browse 80, POST /checkout 20", "the storefront mix", "what each request asks for"),
            Key.of("baseline.rate", "5", "3", "tier-1 baseline traffic, requests/s"),
            Key.of("baseline.duration", "1m", "30s", "how long BaselineSimulation runs"),
            Key.of("baseline.alongside", "true", "false", "ProfileSimulation also sends baseline traffic throughout"),
            Key.of("shadow.instances", "4", "2 (3 in resilience rehearsals)", "instances of the embedded shadow service"),
            Key.of("runid", "nightly-42", "profile, time and a random suffix", "the id tagging this run's results"));

    /** Reads this process's configuration ({@link #configuration()}). */
    public static RehearsalSettings fromSystemProperties() {
        return from(configuration());
    }

    /**
     * This process's configuration as {@code prescale.*} properties over the JVM's system properties, keys matching in
     * any case: the file named by {@code -Dprescale.config} or {@code PRESCALE_CONFIG}, {@code PRESCALE_*} variables
     * and {@code -Dprescale.*} ({@link Config#current()}), so {@code -Dprescale.runLength}, the
     * {@code prescale.runlength} that {@code prescale rehearse} hands its child JVM and {@code PRESCALE_RUNLENGTH} are
     * one key.
     */
    public static Map<String, String> configuration() {
        Map<String, String> all = caseInsensitive(System.getProperties().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(e -> e.getKey().toString(), e -> e.getValue().toString())));
        all.putAll(Config.current().asProperties());
        return all;
    }

    /** {@code p} with keys that match in any case. */
    public static Map<String, String> caseInsensitive(Map<String, String> p) {
        return dev.prescale.config.Config.caseInsensitive(p);
    }

    /**
     * @throws IllegalArgumentException naming the property, its bad value and the fix
     */
    public static RehearsalSettings from(Map<String, String> properties) {
        Map<String, String> p = caseInsensitive(properties);
        Optional<URI> target = Optional.ofNullable(blankToNull(p.get("prescale.target"))).map(url -> target(url,
                Boolean.parseBoolean(p.getOrDefault("prescale.allowRemoteTarget", "false"))));
        String compression = p.getOrDefault("prescale.compression", "auto").strip();
        OptionalDouble fixedCompression = compression.equalsIgnoreCase("auto") ? OptionalDouble.empty()
                : OptionalDouble.of(positive(p, "prescale.compression", compression));
        Slo override = new Slo(
                Optional.ofNullable(blankToNull(p.get("prescale.slo.p95"))).map(v -> duration("prescale.slo.p95", v))
                        .orElse(null),
                Optional.ofNullable(blankToNull(p.get("prescale.slo.maxErrorRate"))).map(RehearsalSettings::percent)
                        .orElse(null));
        String tolerance = blankToNull(p.get("prescale.assertCount"));
        return new RehearsalSettings(target,
                p.getOrDefault("prescale.profile", DEFAULT_PROFILE).strip(),
                fixedCompression,
                duration("prescale.runLength", p.getOrDefault("prescale.runLength", "60s")),
                nonNegative(p, "prescale.intensity", p.getOrDefault("prescale.intensity", "1")),
                override,
                tolerance == null ? OptionalDouble.empty()
                        : OptionalDouble.of(nonNegative(p, "prescale.assertCount", tolerance)),
                Optional.ofNullable(blankToNull(p.get("prescale.mix"))).map(RequestMix::parse)
                        .orElse(RequestMix.STOREFRONT),
                positive(p, "prescale.baseline.rate", p.getOrDefault("prescale.baseline.rate", "3")),
                duration("prescale.baseline.duration", p.getOrDefault("prescale.baseline.duration", "30s")),
                (int) nonNegative(p, "prescale.shadow.instances", p.getOrDefault("prescale.shadow.instances", "2")),
                alongside(p, tolerance != null),
                Optional.ofNullable(blankToNull(p.get("prescale.intensityFile"))).map(java.nio.file.Path::of));
    }

    private static boolean alongside(Map<String, String> p, boolean countAsserted) {
        boolean alongside = Boolean.parseBoolean(p.getOrDefault("prescale.baseline.alongside", "false").strip());
        if (alongside && countAsserted) {
            throw new IllegalArgumentException("prescale.assertCount checks the profile's integral, which tier-1 "
                    + "baseline traffic alongside would exceed; drop one of prescale.assertCount and "
                    + "prescale.baseline.alongside");
        }
        return alongside;
    }

    /** Injection options for a profile of {@code profileSeconds}: fixed compression, or one that fits the run length. */
    public InjectionOptions injectionOptions(double profileSeconds) {
        double c = compression.orElse(Math.max(1, profileSeconds / Math.max(1, runLength.toSeconds())));
        return InjectionOptions.DEFAULTS.withTimeCompression(c).withIntensity(intensity);
    }

    /**
     * Load goes to loopback unless the user says otherwise: a rehearsal is real traffic, and a typo in a URL should not
     * point it at a shared system.
     */
    static URI target(String url, boolean allowRemote) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("prescale.target '" + url + "' is not a URL; write e.g. "
                    + "http://127.0.0.1:8080", e);
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
            throw new IllegalArgumentException("prescale.target '" + url + "' is not an http(s) URL with a host; "
                    + "write e.g. http://127.0.0.1:8080");
        }
        if (!Loopback.isLoopback(uri) && !allowRemote) {
            throw new IllegalArgumentException("prescale.target '" + url + "' is not on this machine; rehearsals send "
                    + "real load, so confirm with -Dprescale.allowRemoteTarget=true if this is a system you own");
        }
        return uri;
    }

    private static Duration duration(String property, String value) {
        try {
            Duration d = Durations.parse(value);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("must be positive");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + "='" + value + "' is not a positive duration; write e.g. "
                    + "90s, 5m or 250ms", e);
        }
    }

    private static double percent(String value) {
        String v = value.strip();
        try {
            return Shares.percent(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("prescale.slo.maxErrorRate='" + value + "' is not a percentage; write "
                    + "e.g. 1% or 0.01", e);
        }
    }

    private static double positive(Map<String, String> p, String property, String value) {
        double v = nonNegative(p, property, value);
        if (v == 0) {
            throw new IllegalArgumentException(property + "='" + value + "' must be greater than 0");
        }
        return v;
    }

    private static double nonNegative(Map<String, String> p, String property, String value) {
        double v;
        try {
            v = Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + "='" + value + "' is not a number; write e.g. 1.5", e);
        }
        if (!Double.isFinite(v) || v < 0) {
            throw new IllegalArgumentException(property + "='" + value + "' must be a finite number >= 0");
        }
        return v;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
