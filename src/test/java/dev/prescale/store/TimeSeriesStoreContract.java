package dev.prescale.store;

import dev.prescale.profile.LoadProfile;
import dev.prescale.profile.ProfileException;
import dev.prescale.profile.ProfileFiles;
import dev.prescale.profile.ProfileFormat;
import dev.prescale.profile.RateTrace;
import dev.prescale.profile.ReplayPattern;
import dev.prescale.profile.ScheduledEvent;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link TimeSeriesStore} must do, run against each implementation: the embedded file store in a unit
 * test, the real InfluxDB in an IT.
 */
public abstract class TimeSeriesStoreContract {

    static final Instant T0 = Instant.parse("2026-11-27T13:00:00.123Z");
    static final Instant FAR_PAST = Instant.parse("1990-01-01T00:00:00Z");
    static final Instant FAR_FUTURE = Instant.parse("2100-01-01T00:00:00Z");

    /** A store with none of the points these tests write. */
    protected abstract TimeSeriesStore newStore();

    /** A store holding the seed data of profile-db/seed. */
    protected abstract TimeSeriesStore seededStore();

    @Test
    void pointsRoundTripWithTagsFieldsAndMillisecondTimes() {
        try (TimeSeriesStore store = newStore()) {
            Point p = Point.of("contract_rt", T0).tag("run_id", "r 1,a=b").tag("request", "browse").tag("instance", "0")
                    .field("count", 42L).field("p95_ms", 12.5).field("note", "say \"hi\", then leave")
                    .field("ok", true).build();
            store.write(p);
            assertThat(store.flush(Duration.ofSeconds(10))).isTrue();

            List<Point> back = store.read("contract_rt", Map.of("run_id", "r 1,a=b"), FAR_PAST, FAR_FUTURE);

            assertThat(back).singleElement().satisfies(q -> {
                assertThat(q.time()).isEqualTo(T0);
                assertThat(q.tags()).isEqualTo(p.tags());
                assertThat(q.number("count")).isEqualTo(42.0);
                assertThat(q.number("p95_ms")).isEqualTo(12.5);
                assertThat(q.text("note")).isEqualTo("say \"hi\", then leave");
                assertThat(q.fields().get("ok")).isEqualTo(true);
            });
            assertThat(store.stats().stored()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void lineBreaksCannotInjectPoints_tagsRefuseThemAndTextKeepsItsWordsOnOneLine() {
        try (TimeSeriesStore store = newStore()) {
            // what an incident's component with a line break once did: the second line landed as its own point
            String injected = "web\nscaling_action,group=prod to=0i 1700000000000";
            assertThatThrownBy(() -> Point.of("contract_inject", T0).tag("component", injected).field("n", 1L)
                    .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tag component")
                    .hasMessageContaining("control character");
            assertThatThrownBy(() -> Point.of("contract\rinject", T0).field("n", 1L).build())
                    .isInstanceOf(IllegalArgumentException.class);

            store.write(Point.of("contract_inject", T0).tag("component", "web").field("reason", injected).build());
            assertThat(store.flush(Duration.ofSeconds(10))).isTrue();

            assertThat(store.read("contract_inject", Map.of(), FAR_PAST, FAR_FUTURE)).singleElement()
                    .satisfies(q -> assertThat(q.text("reason"))
                            .isEqualTo("web scaling_action,group=prod to=0i 1700000000000"));
            assertThat(store.read("scaling_action", Map.of("group", "prod"), FAR_PAST, FAR_FUTURE)).isEmpty();
        }
    }

    @Test
    void readsFilterByTagAndHalfOpenTimeRangeOldestFirst() {
        try (TimeSeriesStore store = newStore()) {
            for (int i = 4; i >= 0; i--) {
                store.write(Point.of("contract_range", T0.plusSeconds(i)).tag("run_id", i % 2 == 0 ? "even" : "odd")
                        .field("i", (long) i).build());
            }
            store.flush(Duration.ofSeconds(10));

            List<Point> even = store.read("contract_range", Map.of("run_id", "even"), T0, T0.plusSeconds(4));

            assertThat(even).extracting(p -> p.number("i")).containsExactly(0.0, 2.0);
            assertThat(store.read("contract_range", Map.of(), T0.plusSeconds(1), T0.plusSeconds(3)))
                    .extracting(p -> p.number("i")).containsExactly(1.0, 2.0);
            assertThat(store.read("contract_absent", Map.of(), FAR_PAST, FAR_FUTURE)).isEmpty();
        }
    }

    @Test
    void aPointWrittenAgainWithTheSameTagsAndTimeIsUpdatedInPlace() {
        try (TimeSeriesStore store = newStore()) { // how an anomaly event gets its end once it is over
            store.write(Point.of("contract_update", T0).tag("series", "s").field("score", 0.7).field("open", true)
                    .build());
            store.write(Point.of("contract_update", T0).tag("series", "other").field("score", 0.1).build());
            store.flush(Duration.ofSeconds(10));
            store.write(Point.of("contract_update", T0).tag("series", "s").field("score", 0.9).field("open", false)
                    .field("end", "2026-11-27T13:05:00Z").build());
            store.flush(Duration.ofSeconds(10));

            List<Point> back = store.read("contract_update", Map.of("series", "s"), FAR_PAST, FAR_FUTURE);

            assertThat(back).singleElement().satisfies(q -> {
                assertThat(q.number("score")).isEqualTo(0.9);
                assertThat(q.fields().get("open")).isEqualTo(false);
                assertThat(q.text("end")).isEqualTo("2026-11-27T13:05:00Z");
            });
            assertThat(store.read("contract_update", Map.of(), FAR_PAST, FAR_FUTURE)).hasSize(2);
        }
    }

    @Test
    void profilesRoundTripAndTheNewestVersionWins() {
        try (TimeSeriesStore store = newStore()) {
            ProfileStore profiles = new ProfileStore(store, Path.of("profile-db", "profiles"));
            List<LoadProfile> shipped = ProfileFiles.open(ProfileFiles.DEFAULT_FOLDER).all();
            for (LoadProfile p : shipped) {
                profiles.save(p, T0);
            }
            LoadProfile daily = shipped.stream().filter(p -> p.profileId().equals("storefront-daily")).findFirst()
                    .orElseThrow();
            profiles.save(daily.withScalingFactor(2.5), T0.plusSeconds(60));
            store.flush(Duration.ofSeconds(10));

            for (LoadProfile p : shipped) {
                LoadProfile back = profiles.byId(p.profileId());
                LoadProfile expected = p.profileId().equals("storefront-daily") ? daily.withScalingFactor(2.5) : p;
                assertThat(ProfileFormat.document(back)).isEqualTo(ProfileFormat.document(expected));
                if (!(p.pattern() instanceof ReplayPattern)) {
                    assertThat(back).isEqualTo(expected);
                }
            }
            assertThat(profiles.all()).hasSameSizeAs(shipped);
        }
    }

    @Test
    void profileStoredWithMissingFieldsIsNamed() {
        try (TimeSeriesStore store = newStore()) {
            store.write(Point.of(ProfileStore.PROFILES, T0).tag("profile_id", "half-written")
                    .field("pattern_type", "constant").build());
            store.write(Point.of(ProfileStore.PROFILES, T0).tag("profile_id", "no-pattern")
                    .field("definition", "{\"profileId\":\"no-pattern\",\"resourceType\":\"CPU\",\"duration\":\"1h\"}")
                    .build());
            store.flush(Duration.ofSeconds(10));
            ProfileStore profiles = new ProfileStore(store, Path.of("."));

            assertThatThrownBy(() -> profiles.byId("half-written")).isInstanceOf(ProfileException.class)
                    .hasMessageContaining("profile 'half-written', field 'definition'")
                    .hasMessageContaining("has no definition field");
            assertThatThrownBy(() -> profiles.byId("no-pattern"))
                    .hasMessageContaining("profile 'no-pattern'").hasMessageContaining("field 'pattern'");
            assertThatThrownBy(() -> profiles.byId("never-saved")).hasMessageContaining("no such profile");
        }
    }

    @Test
    void calendarKeepsLocalTimesInTheirZones() {
        try (TimeSeriesStore store = newStore()) {
            ProfileStore calendar = new ProfileStore(store, Path.of("."));
            ScheduledEvent launch = new ScheduledEvent("contract-launch",
                    ZonedDateTime.of(2027, 3, 28, 9, 0, 0, 0, ZoneId.of("Europe/London")), Duration.ofHours(6), 3.0,
                    "the day the clocks go forward");
            calendar.saveEvent(launch);
            store.flush(Duration.ofSeconds(10));

            List<ScheduledEvent> back = calendar.events(Instant.parse("2027-03-28T00:00:00Z"),
                    Instant.parse("2027-03-29T00:00:00Z"));

            assertThat(back).containsExactly(launch);
            assertThat(back.get(0).start().getHour()).isEqualTo(9);
            assertThat(back.get(0).start().toInstant()).isEqualTo(Instant.parse("2027-03-28T08:00:00Z"));
        }
    }

    @Test
    void historyRoundTripsAndReplaysFromTheStore() {
        try (TimeSeriesStore store = newStore()) {
            ProfileStore history = new ProfileStore(store, Path.of("."));
            RateTrace trace = RateTrace.of(Instant.parse("2026-11-20T00:00:00Z"), 60,
                    new double[]{10, 20, 0, 0, 40, 5});
            history.saveHistory("contract-history", "test", trace, FAR_PAST, FAR_FUTURE);
            String replay = "{\"profileId\":\"from-history\",\"resourceType\":\"CPU\","
                    + "\"pattern\":{\"type\":\"replay\",\"history\":\"contract-history\",\"speedUp\":60}}";
            store.write(Point.of(ProfileStore.PROFILES, T0).tag("profile_id", "from-history")
                    .field("definition", replay).build());
            store.flush(Duration.ofSeconds(10));

            RateTrace back = history.history("contract-history");
            LoadProfile profile = history.byId("from-history");

            assertThat(back.totalRequests()).isEqualTo(75);
            assertThat(back.rateAt(4 * 60 + 1)).isEqualTo(40 / 60.0);
            assertThat(profile.durationSeconds()).isEqualTo(6);
            assertThat(profile.totalRequests()).isEqualTo(75 / 60.0);
        }
    }

    @Test
    void seedDataIsThere() {
        try (TimeSeriesStore store = seededStore()) {
            ProfileStore seeded = new ProfileStore(store, Path.of("profile-db", "profiles"));

            assertThat(seeded.all()).extracting(LoadProfile::profileId)
                    .contains("storefront-daily", "black-friday", "checkout-steady", "month-end-batch");
            assertThat(ProfileFormat.document(seeded.byId("black-friday"))).isEqualTo(ProfileFormat.document(
                    ProfileFiles.open(ProfileFiles.DEFAULT_FOLDER).byId("black-friday")));
            List<ScheduledEvent> events = seeded.events(Instant.parse("2026-11-01T00:00:00Z"),
                    Instant.parse("2027-01-01T00:00:00Z"));
            assertThat(events).extracting(ScheduledEvent::name)
                    .contains("black-friday", "cyber-monday", "month-end", "flash-sale", "product-launch");
            ScheduledEvent friday = events.stream().filter(e -> e.name().equals("black-friday")).findFirst()
                    .orElseThrow();
            assertThat(friday.start().getZone()).isEqualTo(ZoneId.of("America/New_York"));
            assertThat(friday.start().getHour()).isZero();
        }
    }
}
