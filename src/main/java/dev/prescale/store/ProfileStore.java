package dev.prescale.store;

import dev.prescale.profile.LoadProfile;
import dev.prescale.profile.Priority;
import dev.prescale.profile.ProfileException;
import dev.prescale.profile.ProfileFormat;
import dev.prescale.profile.ProfileSource;
import dev.prescale.profile.RateTrace;
import dev.prescale.profile.ReplayPattern;
import dev.prescale.profile.ResourceType;
import dev.prescale.profile.ScheduledEvent;
import dev.prescale.profile.TraceFolders;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Profiles, the business calendar and traffic history kept in a {@link TimeSeriesStore} (seed 002's synthetic load
 * profile database), in the measurements {@code profile-db/SCHEMA.md} describes. A profile is versioned by time: the
 * newest point per id wins, so saving again is an update and the history of a profile stays queryable.
 */
public final class ProfileStore implements ProfileSource {

    public static final String PROFILES = "load_profile";
    public static final String CALENDAR = "calendar_event";
    public static final String HISTORY = "traffic_history";

    /** Profiles, events and history are looked up over all time. */
    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.parse("2262-01-01T00:00:00Z");

    private static final int HISTORY_BATCH = 1_000;

    private final TimeSeriesStore store;
    private final TraceFolders traces;

    /**
     * @param baseFolder folder that relative replay file paths in stored profiles are resolved against; replay files
     *                   must lie in it or in the configured trace folders ({@link TraceFolders#forProfilesIn})
     */
    public ProfileStore(TimeSeriesStore store, Path baseFolder) {
        this(store, TraceFolders.forProfilesIn(baseFolder));
    }

    /** @param traces where replay files of stored profiles may be read from */
    public ProfileStore(TimeSeriesStore store, TraceFolders traces) {
        this.store = store;
        this.traces = traces;
    }

    /**
     * Parses a profile document (YAML or JSON) as this store would read it: replay files from its trace folders,
     * {@code history:} from its traffic history.
     *
     * @throws ProfileException naming the field and the fix
     */
    public LoadProfile parse(String document, String origin) {
        return ProfileFormat.parse(document, origin, traces, this::history);
    }

    /** Saves (or updates) a profile, versioned at {@code at}. */
    public void save(LoadProfile profile, Instant at) {
        store.write(Point.of(PROFILES, at)
                .tag("profile_id", profile.profileId())
                .field("definition", ProfileFormat.toJson(profile))
                .field("pattern_type", profile.pattern().type())
                .field("resource_type", profile.resourceType().name())
                .field("priority", profile.priority().name())
                .field("duration_s", profile.durationSeconds())
                .field("scaling_factor", profile.scalingFactor())
                .build());
    }

    /**
     * Deletes a profile: a version marked deleted, so its history stays in the store and a later save brings it back.
     *
     * @return false when there was no such profile
     */
    public boolean delete(String profileId, Instant at) {
        List<Point> versions = store.read(PROFILES, Map.of("profile_id", profileId), EARLIEST, LATEST);
        if (versions.isEmpty() || isDeleted(versions.get(versions.size() - 1))) {
            return false;
        }
        store.write(Point.of(PROFILES, at).tag("profile_id", profileId).field("deleted", true).build());
        return true;
    }

    private static boolean isDeleted(Point p) {
        return Boolean.TRUE.equals(p.fields().get("deleted"));
    }

    @Override
    public List<LoadProfile> all() {
        Map<String, Point> newest = new TreeMap<>();
        for (Point p : store.read(PROFILES, Map.of(), EARLIEST, LATEST)) {
            String id = p.tag("profile_id");
            if (id == null) {
                throw new ProfileException("(unknown)", "profile_id", "a " + PROFILES + " point at " + p.time()
                        + " has no profile_id tag", "write profiles with ProfileStore.save or tag them profile_id");
            }
            newest.put(id, p); // read returns oldest first, so the last one kept is the newest
        }
        List<LoadProfile> profiles = new ArrayList<>(newest.size());
        newest.forEach((id, p) -> {
            if (!isDeleted(p)) {
                profiles.add(parse(id, p));
            }
        });
        return profiles;
    }

    @Override
    public LoadProfile byId(String profileId) {
        List<Point> versions = store.read(PROFILES, Map.of("profile_id", profileId), EARLIEST, LATEST);
        if (versions.isEmpty() || isDeleted(versions.get(versions.size() - 1))) {
            throw new ProfileException(profileId, "profileId", versions.isEmpty() ? "no such profile in the store"
                    : "the profile was deleted", "save it first, or load profile-db/seed/profiles.lp");
        }
        return parse(profileId, versions.get(versions.size() - 1));
    }

    /** Adds an event to the business calendar. */
    public void saveEvent(ScheduledEvent event) {
        store.write(Point.of(CALENDAR, event.start().toInstant())
                .tag("event", event.name())
                .tag("zone", event.start().getZone().getId())
                .field("duration_s", event.duration().toSeconds())
                .field("expected_lift", Double.isNaN(event.expectedLift()) ? null : event.expectedLift())
                .field("local_start", event.start().toLocalDateTime().toString())
                .field("description", event.description())
                .build());
    }

    /** Events starting in [{@code from}, {@code to}), in time order. */
    public List<ScheduledEvent> events(Instant from, Instant to) {
        List<ScheduledEvent> events = new ArrayList<>();
        for (Point p : store.read(CALENDAR, Map.of(), from, to)) {
            String zone = p.tag("zone");
            Double seconds = p.number("duration_s");
            if (p.tag("event") == null || zone == null || seconds == null) {
                throw new StoreException("calendar point at " + p.time() + " lacks " + (p.tag("event") == null
                        ? "the event tag" : zone == null ? "the zone tag" : "the duration_s field")
                        + ". Fix: write events with event and zone tags and a duration_s field (SCHEMA.md)", null);
            }
            Double lift = p.number("expected_lift");
            events.add(new ScheduledEvent(p.tag("event"), p.time().atZone(ZoneId.of(zone)),
                    Duration.ofSeconds(seconds.longValue()), lift == null ? Double.NaN : lift,
                    p.text("description")));
        }
        return events;
    }

    /** Stores a request-rate trace as the history series {@code series}, one point per step in [from, to). */
    public void saveHistory(String series, String source, RateTrace trace, Instant from, Instant to) {
        saveHistory(series, source, trace, from, to, written -> {
        });
    }

    /**
     * As {@link #saveHistory(String, String, RateTrace, Instant, Instant)}, telling {@code progress} how many steps
     * have been handed to the store after each batch.
     */
    public void saveHistory(String series, String source, RateTrace trace, Instant from, Instant to,
                            java.util.function.LongConsumer progress) {
        List<Point> batch = new ArrayList<>(HISTORY_BATCH);
        double step = trace.stepSeconds();
        long steps = Math.round(trace.spanSeconds() / step);
        for (long i = 0; i < steps; i++) {
            Instant at = trace.start().plusMillis(Math.round(i * step * 1000));
            if (!at.isBefore(from) && at.isBefore(to)) {
                batch.add(Point.of(HISTORY, at).tag("trace", series).tag("source", source)
                        .field("requests", trace.requestsBetween(i * step, (i + 1) * step)).field("step_s", (long) step)
                        .build());
            }
            if (batch.size() == HISTORY_BATCH || i == steps - 1) {
                store.write(batch);
                batch = new ArrayList<>(HISTORY_BATCH);
                progress.accept(i + 1);
            }
        }
    }

    /**
     * Creates and saves a profile that replays a stored history series (seed 002: profiles from historical data).
     *
     * @param speedUp trace seconds per profile second
     */
    public LoadProfile saveReplayOfHistory(String profileId, String series, double speedUp, ResourceType resourceType,
                                           Priority priority, Instant at) {
        RateTrace trace = history(series);
        LoadProfile profile = new LoadProfile(profileId, resourceType,
                new ReplayPattern(trace, "history:" + series, speedUp, null, null),
                Duration.ofMillis(Math.round(trace.spanSeconds() / speedUp * 1000)), 1.0, priority, List.of(),
                null);
        save(profile, at);
        return profile;
    }

    /**
     * The history series as a trace (what {@code replay: history: <series>} replays, and what forecasts fit).
     *
     * @throws ProfileException naming the series when it has no points
     */
    public RateTrace history(String series) {
        List<Point> points = store.read(HISTORY, Map.of("trace", series), EARLIEST, LATEST);
        if (points.isEmpty()) {
            throw ProfileException.inField("pattern.history", "no traffic history named '" + series + "' in the store",
                    "import one first (TraceImport), or correct the series name");
        }
        Double stepField = points.get(0).number("step_s");
        double step = stepField != null ? stepField : 60;
        Instant start = points.get(0).time();
        long spanSteps = Math.round((points.get(points.size() - 1).time().toEpochMilli() - start.toEpochMilli())
                / 1000.0 / step) + 1;
        if (spanSteps > RateTrace.MAX_STEPS) {
            throw ProfileException.inField("pattern.history", "traffic history '" + series + "' spans " + spanSteps
                    + " steps of " + step + " s, more than " + RateTrace.MAX_STEPS, "delete the points far from the "
                    + "rest (a mistyped timestamp) or import the history into a series of its own");
        }
        int slots = (int) spanSteps;
        double[] counts = new double[slots];
        for (Point p : points) {
            int slot = (int) Math.round((p.time().toEpochMilli() - start.toEpochMilli()) / 1000.0 / step);
            Double requests = p.number("requests");
            counts[slot] += requests == null ? 0 : requests;
        }
        return RateTrace.of(start, step, counts);
    }

    private LoadProfile parse(String id, Point p) {
        String definition = p.text("definition");
        if (definition == null) {
            throw new ProfileException(id, "definition", "the stored profile (version " + p.time() + ") has no "
                    + "definition field, only " + p.fields().keySet(), "save it again with ProfileStore.save, or "
                    + "write the profile document as JSON in the definition field (SCHEMA.md)");
        }
        return parse(definition, "store " + PROFILES + " version " + p.time());
    }
}
