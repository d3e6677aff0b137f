package dev.prescale.behaviour;

import dev.prescale.signature.AccessLog;
import dev.prescale.profile.LoadProfile;
import dev.prescale.profile.ProfileFormat;
import dev.prescale.profile.TraceFolders;
import dev.prescale.store.LineProtocolFileStore;
import dev.prescale.store.ProfileStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

public class BehaviourProfileTest {

    static final Instant MONDAY = Instant.parse("2026-11-02T00:00:00Z");
    static final String PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1";
    static final String BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

    /**
     * {@code days} days: every hour, phones open sessions of 3 requests (home, product, cart, 20 s apart), 4 in the
     * day's hours 8-19 and 1 at night; a crawler visits twice an hour, one request each.
     */
    public static List<AccessLog.Entry> log(int days) {
        List<AccessLog.Entry> entries = new ArrayList<>();
        for (int h = 0; h < days * 24; h++) {
            Instant hour = MONDAY.plusSeconds(3600L * h);
            int hourOfDay = h % 24;
            int sessions = hourOfDay >= 8 && hourOfDay < 20 ? 4 : 1;
            for (int s = 0; s < sessions; s++) {
                String client = "10.0." + (h % 250) + "." + s;
                Instant start = hour.plusSeconds(60L * 10 * s);
                entries.add(entry(client, start, "/", PHONE));
                entries.add(entry(client, start.plusSeconds(20), "/products/" + (100 + s), PHONE));
                entries.add(entry(client, start.plusSeconds(40), "/cart", PHONE));
            }
            entries.add(entry("66.249.0.1", hour.plusSeconds(300), "/robots.txt", BOT));
            entries.add(entry("66.249.0.1", hour.plusSeconds(2400), "/sitemap.xml", BOT));
        }
        return entries;
    }

    static AccessLog.Entry entry(String client, Instant time, String path, String agent) {
        return new AccessLog.Entry(client, time, "GET", path, 200, 1_000, "-", agent);
    }

    @Test
    void sessionsAreCutAtTheInactivityGapPerClientAndAgent() {
        List<AccessLog.Entry> one = List.of(entry("a", MONDAY, "/", PHONE), entry("a", MONDAY.plusSeconds(600), "/x",
                PHONE), entry("a", MONDAY.plusSeconds(600 + 1801), "/y", PHONE), entry("a", MONDAY.plusSeconds(10), "/",
                BOT));

        List<Session> sessions = Sessionizer.sessions(one, Duration.ofMinutes(30), Grouping.SOURCES);

        assertThat(sessions).extracting(Session::group, Session::length).containsExactly(
                org.assertj.core.groups.Tuple.tuple("mobile-browser", 2), org.assertj.core.groups.Tuple.tuple(
                        "crawler", 1), org.assertj.core.groups.Tuple.tuple("mobile-browser", 1));
        assertThat(sessions.get(0).thinkSeconds()).containsExactly(600.0);
    }

    @Test
    void aProfileLearnsWhenEachGroupComesHowLongItStaysAndWhereItGoes() {
        BehaviourProfile p = BehaviourProfile.fit("shop", log(7), Sessionizer.DEFAULT_GAP, Grouping.SOURCES);

        assertThat(p.groups()).containsOnlyKeys("mobile-browser", "crawler");
        GroupProfile phones = p.groups().get("mobile-browser");
        // 12 day hours x 4 sessions x 3 requests + 12 night hours x 3: 180 a day, crawler 48
        assertThat(p.shares().get("mobile-browser")).isCloseTo(180 / 228.0, within(1e-9));
        // a Monday 10:00 was seen once (12); 10:00 seven times (84), shrunk by one mean hour (7.5) to 11.4375; the
        // week's hour is shrunk by one of those: (12 + 11.4375) / 2
        assertThat(p.expectedRequests("mobile-browser", MONDAY.plusSeconds(7 * 86_400 + 10 * 3600)))
                .isCloseTo((12 + (84 + 7.5) / 8) / 2, within(1e-9));
        assertThat(p.expectedRequests("mobile-browser", MONDAY.plusSeconds(7 * 86_400 + 2 * 3600)))
                .isCloseTo((3 + (21 + 7.5) / 8) / 2, within(1e-9));
        assertThat(phones.rates().observedSessions(10)).isCloseTo(4, within(1e-9));
        assertThat(phones.rates().expectedSessions(10)).isCloseTo((7 * 4 + 2.5) / 8, within(1e-9)); // shrunk
        assertThat(phones.shape().lengths()).containsOnly(3);
        assertThat(phones.shape().thinkSeconds()).containsOnly(20.0);
        // every phone session goes home -> a product -> cart
        assertThat(phones.chain().start()).containsEntry("GET /", 1.0);
        assertThat(phones.chain().next().get("GET /")).hasSize(1).containsKey("GET /products/{id}");
        assertThat(phones.chain().walk(3, new SplittableRandom(1))).containsExactly("GET /", "GET /products/{id}",
                "GET /cart");
        assertThat(phones.chain().paths().get("GET /products/{id}")).startsWith("GET /products/1");
        // both groups peak together in no hour: the crawler is flat, so it does not correlate
        assertThat(p.correlation().get("mobile-browser")).isEmpty();
    }

    @Test
    void anUpdateWeighsRecentBehaviourByTheBlendWeightHoweverLongEachWasWatched() {
        BehaviourProfile past = BehaviourProfile.fit("shop", log(7), Sessionizer.DEFAULT_GAP, Grouping.SOURCES);
        List<AccessLog.Entry> busier = new ArrayList<>();
        for (AccessLog.Entry e : log(1)) { // one day with every phone request sent twice by another client
            busier.add(e);
            if (e.userAgent().equals(PHONE)) {
                busier.add(entry(e.client() + "b", e.time(), e.path(), PHONE));
            }
        }
        BehaviourProfile recent = BehaviourProfile.fit("shop", busier, Sessionizer.DEFAULT_GAP, Grouping.SOURCES);

        Instant tenAm = MONDAY.plusSeconds(14 * 86_400 + 10 * 3600);
        double little = past.blend(recent, 0.25).expectedRequests("mobile-browser", tenAm);
        double much = past.blend(recent, 0.75).expectedRequests("mobile-browser", tenAm);

        // 12 an hour by day in the past week, 24 in the recent day: the blend lies between, as far as its weight says
        assertThat(little).isBetween(12.5, 20.0);
        assertThat(much).isBetween(20.0, 24.0).isGreaterThan(little);
        assertThat(past.blend(recent, 0).expectedRequests("mobile-browser", tenAm))
                .isEqualTo(past.expectedRequests("mobile-browser", tenAm));
        assertThatThrownBy(() -> past.groups().get("crawler").blend(recent.groups().get("crawler"), 1.5))
                .hasMessageContaining("[0, 1]");
    }

    @Test
    void aStoredProfileReadsBackAsItWasWithItsSurgeModels(@TempDir Path dir) {
        BehaviourProfile p = BehaviourProfile.fit("shop", log(3), Sessionizer.DEFAULT_GAP, Grouping.SOURCES);
        SurgeModel crawler = new SurgeModel(new double[]{-2, 1, 0.1, 0.5}, "test");
        try (LineProtocolFileStore store = new LineProtocolFileStore(null, dir)) {
            BehaviourStore.save(store, p, Map.of("crawler", crawler));
            store.flush(Duration.ofSeconds(5));

            BehaviourStore.Stored back = BehaviourStore.load(store, "shop").orElseThrow();

            assertThat(back.profile().from()).isEqualTo(p.from());
            assertThat(back.profile().to()).isEqualTo(p.to());
            Instant hour = MONDAY.plusSeconds(5 * 86_400 + 9 * 3600);
            assertThat(back.profile().expectedRequests("mobile-browser", hour))
                    .isEqualTo(p.expectedRequests("mobile-browser", hour));
            assertThat(back.profile().groups().get("mobile-browser").chain()).isEqualTo(
                    p.groups().get("mobile-browser").chain());
            assertThat(back.surge().get("crawler").coefficients()).containsExactly(-2, 1, 0.1, 0.5);
            assertThat(back.surge().get("mobile-browser").calibratedOn()).isEqualTo(SurgeModel.PRIOR.calibratedOn());
            assertThat(BehaviourStore.load(store, "other")).isEmpty();
        }
    }

    @Test
    void aLoadProfileOfPatternBehaviourPlaysTheStoredProfilesExpectedWeek(@TempDir Path dir) {
        BehaviourProfile p = BehaviourProfile.fit("shop", log(7), Sessionizer.DEFAULT_GAP, Grouping.SOURCES);
        String doc = "profileId: shop-week\nresourceType: CPU\npattern:\n  type: behaviour\n  profile: shop\n"
                + "  speedUp: 3600\n";
        try (LineProtocolFileStore store = new LineProtocolFileStore(null, dir)) {
            BehaviourStore.save(store, p, Map.of());
            ProfileStore profiles = new ProfileStore(store, TraceFolders.configuredOnly());

            LoadProfile week = profiles.parse(doc, "test");

            assertThat(week.pattern().type()).isEqualTo("behaviour");
            assertThat(week.durationSeconds()).isEqualTo(168);
            // the week after the log (which starts on a Monday): its Tuesday 09:00 is hour 33 of the week played
            double expected = p.expectedRequests("mobile-browser", p.to().plusSeconds(33 * 3600))
                    + p.expectedRequests("crawler", p.to().plusSeconds(33 * 3600));
            assertThat(expected).isGreaterThan(10);
            assertThat(week.pattern().requestsBetween(33, 34, 168)).isCloseTo(expected / 3600, within(1e-9));
            assertThat(profiles.parse(ProfileFormat.toJson(week), "round trip")).usingRecursiveComparison()
                    .isEqualTo(week);
            assertThatThrownBy(() -> profiles.parse(doc.replace("profile: shop", "profile: shoe"), "test"))
                    .hasMessageContaining("behaviour profile 'shoe'").hasMessageContaining("behaviour fit LOG --name "
                            + "shoe");
        }
        assertThatThrownBy(() -> ProfileFormat.parse(doc, "shop-week.yaml", TraceFolders.configuredOnly(),
                ProfileFormat.NO_HISTORY)).hasMessageContaining("pattern.profile").hasMessageContaining("store");
    }

    @Test
    void groupingRulesComeBeforeTheSourceClassesAndBadOnesNameTheEntry() {
        Grouping g = Grouping.parse("monitors:(?i)pingdom, app:^Shop/");

        assertThat(g.groupOf(entry("x", MONDAY, "/", "Pingdom.com_bot_version_1.4"))).isEqualTo("monitors");
        assertThat(g.groupOf(entry("x", MONDAY, "/", "Shop/2.1 (Android)"))).isEqualTo("app");
        assertThat(g.groupOf(entry("x", MONDAY, "/", BOT))).isEqualTo("crawler");
        assertThatThrownBy(() -> Grouping.parse("Monitors:x")).hasMessageContaining("'Monitors:x'");
        assertThatThrownBy(() -> Grouping.parse("m:(")).hasMessageContaining("'m:('");
    }
}
