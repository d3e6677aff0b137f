package dev.prescale.behaviour;

import dev.prescale.signature.AccessLog;
import dev.prescale.store.LineProtocolFileStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class SessionClustersTest {

    static final String DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36";

    /**
     * Three days of one user-agent class doing two different things: buyers load pages with their assets over a dozen
     * requests and think about 30 s; checkers open one product page twice within seconds. Each session's true kind is
     * in {@code kinds} by client.
     */
    static List<AccessLog.Entry> mixedDesktopLog(Map<String, String> kinds) {
        SplittableRandom random = new SplittableRandom(7);
        List<AccessLog.Entry> entries = new ArrayList<>();
        Instant start = BehaviourProfileTest.MONDAY;
        for (int i = 0; i < 600; i++) {
            String client = "10.1." + (i / 250) + "." + (i % 250);
            Instant t = start.plusSeconds(431L * i);
            boolean buyer = random.nextDouble() < 0.4;
            kinds.put(client, buyer ? "buyer" : "checker");
            int n = buyer ? 8 + random.nextInt(8) : 2;
            for (int r = 0; r < n; r++) {
                String path = buyer ? (r % 3 == 0 ? "/products/" + random.nextInt(400) : "/static/app" + r + ".css")
                        : "/products/42";
                entries.add(new AccessLog.Entry(client, t, "GET", path, 200, 2_000, "-", DESKTOP));
                t = t.plusSeconds(buyer ? 20 + random.nextInt(20) : 1 + random.nextInt(3));
            }
        }
        return entries;
    }

    @Test
    void clustersOfOneAgentClassSeparateSessionsThatBehaveDifferently() {
        Map<String, String> kinds = new HashMap<>();
        List<AccessLog.Entry> log = mixedDesktopLog(kinds);
        List<Session> sessions = Sessionizer.sessions(log, Sessionizer.DEFAULT_GAP, Grouping.SOURCES);

        SessionClusters clusters = SessionClusters.fit(sessions, 2, 1);

        assertThat(clusters.splits()).containsOnlyKeys("desktop-browser");
        Map<String, Map<String, Integer>> byCluster = new HashMap<>();
        for (Session s : clusters.label(sessions)) {
            byCluster.computeIfAbsent(s.group(), k -> new HashMap<>()).merge(kinds.get(s.requests().get(0).client()), 1,
                    Integer::sum);
        }
        // ordered by session length: the short checkers first, each cluster of one kind only
        assertThat(byCluster.get("desktop-browser-k1")).containsOnlyKeys("checker");
        assertThat(byCluster.get("desktop-browser-k2")).containsOnlyKeys("buyer");
        assertThat(clusters.parentOf("desktop-browser-k2")).isEqualTo("desktop-browser");
        assertThat(clusters.parentOf("crawler")).isEqualTo("crawler");
        assertThat(clusters.describe("desktop-browser-k1")).startsWith("2.0 requests").contains("revisits 50%");
        // too few sessions per cluster: the group stays whole
        assertThat(SessionClusters.fit(sessions.subList(0, 99), 2, 1).splits()).isEmpty();
        assertThat(SessionClusters.fit(sessions, 1, 1)).isEqualTo(SessionClusters.NONE);
    }

    @Test
    void aClusteredProfileCountsEachRequestOnceAndTheWatchSeesTheGroupItWasSplitFrom(@TempDir Path dir) {
        List<AccessLog.Entry> log = mixedDesktopLog(new HashMap<>());
        BehaviourProfile profile = BehaviourProfile.fit("shop", log, Sessionizer.DEFAULT_GAP, Grouping.SOURCES, 2);

        assertThat(profile.groups()).containsOnlyKeys("desktop-browser-k1", "desktop-browser-k2");
        assertThat(profile.sourceGroups()).containsExactly("desktop-browser");
        Map<String, double[]> byCluster = profile.hourlyRequests(log, Sessionizer.DEFAULT_GAP, Grouping.SOURCES,
                profile.from(), profile.to());
        double total = byCluster.values().stream().flatMapToDouble(java.util.Arrays::stream).sum();
        assertThat(total).isEqualTo(log.size());
        Instant noon = BehaviourProfileTest.MONDAY.plusSeconds(12 * 3600);
        assertThat(profile.expectedRequests("desktop-browser", noon)).isEqualTo(
                profile.expectedRequests("desktop-browser-k1", noon) + profile.expectedRequests("desktop-browser-k2",
                        noon)).isPositive();

        try (LineProtocolFileStore store = new LineProtocolFileStore(null, dir)) {
            BehaviourStore.save(store, profile, Map.of("desktop-browser", SurgeModel.PRIOR));
            BehaviourProfile back = BehaviourStore.load(store, "shop").orElseThrow().profile();
            Session buyer = Sessionizer.sessions(log, Sessionizer.DEFAULT_GAP, Grouping.SOURCES).stream()
                    .filter(s -> s.length() > 5).findFirst().orElseThrow();
            assertThat(back.clusters().groupOf(buyer)).isEqualTo(profile.clusters().groupOf(buyer))
                    .isEqualTo("desktop-browser-k2");
            assertThat(BehaviourStore.load(store, "shop").orElseThrow().surge()).containsOnlyKeys("desktop-browser");
        }
    }
}
