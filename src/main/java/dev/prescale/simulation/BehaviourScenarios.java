package dev.prescale.simulation;

import dev.prescale.behaviour.BehaviourProfile;
import dev.prescale.behaviour.GroupProfile;
import dev.prescale.recording.RunRecorder;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;

import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.foreach;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * Seed 003's user groups as Gatling sessions: per group, sessions arrive hour by hour at the group's observed mean
 * for that hour of the day, each draws a length from the group's session lengths, walks the group's chain of resources for that
 * many requests and thinks between them as the group does; time compressed like a profile (an hour of the day lasts
 * {@code 3600 / compression} seconds, and so do think times shrink). Session counts per hour are rounded so the
 * totals are the profile's (cumulative rounding).
 */
public final class BehaviourScenarios {

    // Gatling's expression language reads a dot as a property: these names have none
    private static final String PATHS = "prescaleWalk";
    private static final String THINKS = "prescaleThinks";
    private static final String STEP = "prescaleStep";
    private static final String INDEX = "prescaleStepIndex";

    /** What the sessions did, per group: sessions begun, requests sent, and each session's planned length. */
    public static final class Tally {
        private final Map<String, long[]> counts = new TreeMap<>();
        private final Map<String, List<Integer>> lengths = new TreeMap<>();

        synchronized void session(String group, int length) {
            counts.computeIfAbsent(group, k -> new long[2])[0]++;
            lengths.computeIfAbsent(group, k -> new ArrayList<>()).add(length);
        }

        synchronized void request(String group) {
            counts.computeIfAbsent(group, k -> new long[2])[1]++;
        }

        /** {@code {"group": {"sessions": n, "requests": n, "lengths": [...]}}}. */
        public synchronized Map<String, Map<String, Object>> summary() {
            Map<String, Map<String, Object>> s = new TreeMap<>();
            counts.forEach((g, c) -> s.put(g, Map.of("sessions", c[0], "requests", c[1], "lengths",
                    List.copyOf(lengths.getOrDefault(g, List.of())))));
            return s;
        }
    }

    private BehaviourScenarios() {
    }

    /** Sessions per hour for {@code hours} hours from {@code from}, rounded so their running total stays whole. */
    static int[] sessionsPerHour(GroupProfile group, Instant from, int hours) {
        int[] n = new int[hours];
        double cumulative = 0;
        long sent = 0;
        for (int h = 0; h < hours; h++) {
            cumulative += group.rates().observedSessions(from.plusSeconds(3600L * h).atZone(ZoneOffset.UTC).getHour());
            n[h] = (int) (Math.round(cumulative) - sent);
            sent += n[h];
        }
        return n;
    }

    /**
     * One population per group.
     *
     * @param recorder records each response under the group's name and as the group's load signature, or null
     */
    public static List<PopulationBuilder> populations(BehaviourProfile profile, Instant from, int hours,
                                                      double compression, RunRecorder recorder, Tally tally,
                                                      long seed) {
        if (hours < 1 || !(compression > 0)) {
            throw new IllegalArgumentException("a behaviour run needs at least an hour and a compression > 0, but had "
                    + hours + " and " + compression);
        }
        Duration hour = Duration.ofMillis(Math.max(1, Math.round(3_600_000 / compression)));
        List<PopulationBuilder> populations = new ArrayList<>();
        profile.groups().forEach((name, group) -> {
            List<OpenInjectionStep> steps = new ArrayList<>();
            for (int n : sessionsPerHour(group, from, hours)) {
                steps.add(n == 0 ? nothingFor(hour) : rampUsers(n).during(hour));
            }
            populations.add(scenario("behaviour " + name).exec(visit(name, group, compression, recorder, tally,
                    seed)).injectOpen(steps));
        });
        return populations;
    }

    private static ChainBuilder visit(String name, GroupProfile group, double compression, RunRecorder recorder,
                                      Tally tally, long seed) {
        Function<Session, String> method = s -> step(s)[0];
        Function<Session, String> path = s -> step(s)[1];
        ChainBuilder get = send(http(name).get(path::apply), name, method, path, recorder);
        ChainBuilder post = send(http(name).post(path::apply), name, method, path, recorder);
        return exec(session -> {
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + session.userId());
            int length = Math.max(1, group.shape().drawLength(random));
            List<String> walk = new ArrayList<>();
            for (String state : group.chain().walk(length, random)) {
                String request = group.chain().paths().getOrDefault(state, "GET /");
                walk.add(request.matches("[A-Z]+ /\\S*") ? request : "GET /");
            }
            while (walk.size() < length) { // a chain without states (a group never seen requesting) asks for /
                walk.add("GET /");
            }
            List<Long> thinks = new ArrayList<>();
            for (int i = 1; i < length; i++) {
                thinks.add(Math.round(group.shape().drawThink(random) * 1000 / compression));
            }
            tally.session(name, length);
            return session.set(PATHS, walk).set(THINKS, thinks);
        }).foreach("#{" + PATHS + "}", STEP, INDEX).on(
                doIfOrElse(s -> method.apply(s).equals("POST")).then(post).orElse(get)
                        .exec(session -> {
                            tally.request(name);
                            return session;
                        })
                        .exec(pause(s -> {
                            List<Long> t = s.getList(THINKS);
                            int i = s.getInt(INDEX);
                            return Duration.ofMillis(i < t.size() ? t.get(i) : 0);
                        })));
    }

    private static String[] step(Session session) {
        String request = session.getString(STEP);
        int space = request.indexOf(' ');
        return new String[]{request.substring(0, space), request.substring(space + 1)};
    }

    private static ChainBuilder send(HttpRequestActionBuilder request, String name, Function<Session, String> method,
                                     Function<Session, String> path, RunRecorder recorder) {
        return recorder == null ? exec(request) : RequestMix.recorded(request, name, method, path, recorder, name);
    }
}
