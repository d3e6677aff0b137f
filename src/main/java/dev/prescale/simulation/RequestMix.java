package dev.prescale.simulation;

import dev.prescale.recording.RunRecorder;
import dev.prescale.shadow.Endpoint;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Choice;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.roundRobinSwitch;
import static io.gatling.javaapi.core.CoreDsl.bodyLength;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Which requests a rehearsal sends and in what proportion, written {@code "GET /browse 70, GET /search 25,
 * POST /checkout 5"}. Each injected user sends exactly one request, so the request count equals the user count the
 * profile asked for.
 *
 * @param requests the weighted requests, weights in any unit (they are normalised)
 */
public record RequestMix(List<Request> requests) {

    /** The shadow service's storefront: mostly browsing, some searching, a few checkouts. */
    public static final RequestMix STOREFRONT = parse("GET /browse 70, GET /search 25, POST /checkout 5");

    public record Request(String name, String method, String path, double weight) {
    }

    public RequestMix {
        requests = List.copyOf(requests);
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("a request mix needs at least one request");
        }
    }

    /**
     * @throws IllegalArgumentException naming the entry and the expected form
     */
    public static RequestMix parse(String text) {
        List<Request> requests = new ArrayList<>();
        for (String entry : text.split(",")) {
            String[] parts = entry.strip().split("\\s+");
            double weight;
            try {
                weight = parts.length == 3 ? Double.parseDouble(parts[2]) : Double.NaN;
            } catch (NumberFormatException e) {
                weight = Double.NaN;
            }
            if (parts.length != 3 || !parts[1].startsWith("/") || !(weight > 0) || !Double.isFinite(weight)) {
                throw new IllegalArgumentException("request mix entry '" + entry.strip() + "' is not 'METHOD /path "
                        + "weight'; write e.g. prescale.mix=\"GET /browse 70, POST /checkout 5\"");
            }
            String method = parts[0].toUpperCase(Locale.ROOT);
            requests.add(new Request(nameOf(method, parts[1]), method, parts[1], weight));
        }
        return new RequestMix(requests);
    }

    /** Equal weights over the given endpoints. */
    public static RequestMix of(List<Endpoint> endpoints) {
        return new RequestMix(endpoints.stream()
                .map(e -> new Request(e.name(), e.method(), e.path(), 1)).toList());
    }

    /** Session keys the recorder reads; prefixed so they cannot clash with a user's own. */
    private static final String RESPONSE_TIME = "prescale.responseTime";
    private static final String STATUS = "prescale.status";
    private static final String TIMING = "prescale.serverTiming";
    private static final String BYTES = "prescale.bytes";
    private static final String SENT = "prescale.sent";
    /** What Gatling counts as OK by default: 2xx and 304. */
    private static final Integer[] OK_STATUSES = java.util.stream.Stream.concat(
            java.util.stream.IntStream.rangeClosed(200, 299).boxed(), java.util.stream.Stream.of(304))
            .toArray(Integer[]::new);

    /** One request drawn at random by weight: the body of a profile-driven user. */
    public ChainBuilder oneRequest() {
        return oneRequest(null, null);
    }

    /**
     * As {@link #oneRequest()}, each outcome also recorded live by {@code recorder} under {@code tier} (null
     * recorder: not recorded). Recorded outcomes are the HTTP status (2xx and 304 are OK, as Gatling's default check
     * says) and the response time Gatling measured.
     */
    public ChainBuilder oneRequest(RunRecorder recorder, String tier) {
        if (requests.size() == 1) {
            return exec(recorded(requests.get(0), recorder, tier));
        }
        double total = requests.stream().mapToDouble(Request::weight).sum();
        List<Choice.WithWeight> choices = new ArrayList<>();
        double assigned = 0;
        for (int i = 0; i < requests.size(); i++) {
            // percentages must add up to exactly 100, or Gatling lets some users through without a request
            double percent = i == requests.size() - 1 ? 100 - assigned : requests.get(i).weight() / total * 100;
            assigned += percent;
            choices.add(new Choice.WithWeight(percent, exec(recorded(requests.get(i), recorder, tier))));
        }
        return randomSwitch().on(choices);
    }

    /** One request per user, taking the endpoints in turn, so low-rate baseline traffic touches every one of them. */
    public ChainBuilder eachInTurn(RunRecorder recorder, String tier) {
        return roundRobinSwitch().on(requests.stream().map(r -> exec(recorded(r, recorder, tier))).toList());
    }

    private static ChainBuilder recorded(Request r, RunRecorder recorder, String tier) {
        if (recorder == null) {
            return exec(request(r));
        }
        return recorded(request(r), r.name(), session -> r.method(), session -> r.path(), recorder, tier);
    }

    /**
     * {@code request} with its outcome and cost recorded by {@code recorder} under {@code name} and {@code tier}; the
     * method and path it was sent with, for its load signature, from the session (a session's walk may choose them).
     */
    static ChainBuilder recorded(HttpRequestActionBuilder request, String name,
                                 java.util.function.Function<io.gatling.javaapi.core.Session, String> method,
                                 java.util.function.Function<io.gatling.javaapi.core.Session, String> path,
                                 RunRecorder recorder, String tier) {
        return exec(session -> session.set(SENT, recorder.millis()))
                .exec(request.check(responseTimeInMillis().saveAs(RESPONSE_TIME), status().saveAs(STATUS),
                        header("Server-Timing").optional().saveAs(TIMING), bodyLength().optional().saveAs(BYTES),
                        status().in(OK_STATUSES)))
                .exec(session -> {
                    Integer status = session.contains(STATUS) ? session.getIntegerWrapper(STATUS) : null;
                    Integer millis = session.contains(RESPONSE_TIME) ? session.getIntegerWrapper(RESPONSE_TIME) : null;
                    boolean ok = status != null && (status / 100 == 2 || status == 304);
                    Integer bytes = session.contains(BYTES) ? session.getIntegerWrapper(BYTES) : null;
                    long sent = session.contains(SENT) ? session.getLong(SENT) : recorder.millis();
                    recorder.record(name, tier, sent, millis, ok, new RunRecorder.Cost(method.apply(session),
                            path.apply(session), status == null ? 0 : status, bytes == null ? 0 : bytes,
                            session.contains(TIMING) ? session.getString(TIMING) : null));
                    return session.removeAll(STATUS, RESPONSE_TIME, TIMING, BYTES, SENT);
                });
    }

    private static HttpRequestActionBuilder request(Request r) {
        return switch (r.method()) {
            case "GET" -> http(r.name()).get(r.path());
            case "POST" -> http(r.name()).post(r.path());
            case "PUT" -> http(r.name()).put(r.path());
            case "DELETE" -> http(r.name()).delete(r.path());
            default -> http(r.name()).httpRequest(r.method(), r.path());
        };
    }

    private static String nameOf(String method, String path) {
        String trimmed = path.replaceAll("^/+|/+$", "").replaceAll("[^A-Za-z0-9]+", "-");
        return trimmed.isEmpty() ? method.toLowerCase(Locale.ROOT) + "-root" : trimmed;
    }
}
