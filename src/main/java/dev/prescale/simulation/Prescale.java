package dev.prescale.simulation;

import dev.prescale.profile.LoadProfile;
import dev.prescale.profile.ProfileFiles;
import dev.prescale.profile.ProfileSource;
import dev.prescale.profile.ShippedFiles;
import dev.prescale.profile.Slo;
import dev.prescale.store.ProfileStore;
import dev.prescale.store.Stores;
import dev.prescale.store.TimeSeriesStore;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.OpenInjectionStep;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;

/**
 * Prescale's Gatling vocabulary in one class, the way Gatling's own {@code CoreDsl} works: import it statically in a
 * simulation and write
 *
 * <pre>{@code
 * LoadProfile daily = profile("storefront-daily");
 * setUp(scn.injectOpen(injection(daily, options().withTimeCompression(1440))))
 *     .assertions(sloAssertions(daily.slo()));
 * }</pre>
 *
 * <p>Every method is a pure function of its arguments (profiles are immutable), except {@link #profile} and
 * {@link #profiles}, which read the profile folder.
 */
public final class Prescale {

    /** System property naming the folder of profile files; default {@link ProfileFiles#DEFAULT_FOLDER}. */
    public static final String PROFILE_DB_PROPERTY = "prescale.profileDb";
    /** System property naming where {@link #profile} reads: {@code files} (default), {@code influx} or {@code store}. */
    public static final String PROFILE_SOURCE_PROPERTY = "prescale.profileSource";

    private Prescale() {
    }

    /** The profiles in the folder named by {@value #PROFILE_DB_PROPERTY}, or {@code profile-db/profiles}. */
    public static ProfileSource profiles() {
        String folder = RehearsalSettings.configuration().get(PROFILE_DB_PROPERTY);
        return ProfileFiles.open(folder == null || folder.isBlank() ? ShippedFiles.orShipped(ProfileFiles.DEFAULT_FOLDER)
                : Path.of(folder));
    }

    /**
     * One profile by id, from where {@value #PROFILE_SOURCE_PROPERTY} says: {@code files} (the default: {@link
     * #profiles()}), {@code influx} (the {@code load_profile} measurement of InfluxDB, {@code prescale.influx.url} and
     * {@code prescale.influx.database} or the {@code INFLUX_*} environment) or {@code store} (whatever
     * {@code prescale.store} names).
     *
     * @throws IllegalArgumentException naming the setting and what it may be, for another source
     */
    public static LoadProfile profile(String profileId) {
        Map<String, String> settings = RehearsalSettings.configuration();
        String source = settings.getOrDefault(PROFILE_SOURCE_PROPERTY, "files").strip().toLowerCase(Locale.ROOT);
        switch (source) {
            case "files":
                return profiles().byId(profileId);
            case "influx":
            case "store":
                Map<String, String> storeSettings = RehearsalSettings.caseInsensitive(settings);
                if (source.equals("influx")) {
                    storeSettings.put("prescale.store", "influx");
                }
                try (TimeSeriesStore store = Stores.open(storeSettings, System.getenv())) {
                    if (store == null) {
                        throw new IllegalArgumentException(PROFILE_SOURCE_PROPERTY + "=store needs a store: set "
                                + "prescale.store to file or influx");
                    }
                    return new ProfileStore(store, Path.of(".")).byId(profileId);
                }
            default:
                throw new IllegalArgumentException(PROFILE_SOURCE_PROPERTY + "='" + source + "' is not a profile "
                        + "source; use files (prescale.profileDb, default profile-db/profiles), influx or store");
        }
    }

    /**
     * The HTTP protocol for a rehearsal of {@code baseUrl}: JSON accepted, connections shared, and Gatling's warm-up
     * request off. Gatling otherwise sends one to {@code https://gatling.io} before every run: traffic to an address
     * the rehearsal never named (refused on a machine without internet after a delay that also makes shards start
     * late). Every shipped simulation uses it; use it, or {@code .disableWarmUp()}, in your own.
     */
    public static io.gatling.javaapi.http.HttpProtocolBuilder protocol(String baseUrl) {
        return io.gatling.javaapi.http.HttpDsl.http.baseUrl(baseUrl).acceptHeader("application/json")
                .shareConnections().disableWarmUp();
    }

    /** Default injection options ({@link InjectionOptions#DEFAULTS}); refine with its {@code with...} methods. */
    public static InjectionOptions options() {
        return InjectionOptions.DEFAULTS;
    }

    /** The steps {@link #injection(LoadProfile, InjectionOptions)} would emit, with what they should achieve. */
    public static InjectionPlan plan(LoadProfile profile, InjectionOptions options) {
        return InjectionPlanner.plan(profile, options);
    }

    /** Open-model injection for a profile in real time at full intensity. */
    public static List<OpenInjectionStep> injection(LoadProfile profile) {
        return injection(plan(profile, InjectionOptions.DEFAULTS));
    }

    /** Open-model injection for a profile, compressed and scaled as {@code options} say. */
    public static List<OpenInjectionStep> injection(LoadProfile profile, InjectionOptions options) {
        return injection(plan(profile, options));
    }

    /** Gatling steps for a plan: {@code nothingFor}, {@code constantUsersPerSec} and {@code rampUsersPerSec}. */
    public static List<OpenInjectionStep> injection(InjectionPlan plan) {
        List<OpenInjectionStep> steps = new ArrayList<>(plan.steps().size());
        for (InjectionPlan.Step step : plan.steps()) {
            Duration during = Duration.ofSeconds(step.seconds());
            if (step.isIdle()) {
                steps.add(nothingFor(during));
            } else if (step.isConstant()) {
                steps.add(constantUsersPerSec(step.startRate()).during(during));
            } else {
                steps.add(rampUsersPerSec(step.startRate()).to(step.endRate()).during(during));
            }
        }
        return steps;
    }

    /**
     * Gatling assertions for an objective: the global 95th percentile below its latency limit, and the failed share
     * at most its error limit. Empty for {@link Slo#NONE}.
     */
    public static List<Assertion> sloAssertions(Slo slo) {
        List<Assertion> assertions = new ArrayList<>(2);
        slo.p95().ifPresent(limit -> assertions.add(
                global().responseTime().percentile(95.0).lt((int) Math.min(Integer.MAX_VALUE, limit.toMillis()))));
        slo.maxErrors().ifPresent(percent -> assertions.add(global().failedRequests().percent().lte(percent)));
        return assertions;
    }

    /**
     * A Gatling assertion that the run sent the plan's requests to within {@code tolerance} (0.02 for 2%), for
     * simulations whose users each send exactly one request.
     */
    public static Assertion requestCountWithin(InjectionPlan plan, double tolerance) {
        double expected = plan.expectedRequests();
        return global().allRequests().count().between((long) Math.floor(expected * (1 - tolerance)),
                (long) Math.ceil(expected * (1 + tolerance)));
    }
}
