package dev.prescale.simulation;

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
import static io.gatling.javaapi.http.HttpDsl.http;

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

    /** One request drawn at random by weight: the body of a profile-driven user. */
    public ChainBuilder oneRequest() {
        if (requests.size() == 1) {
            return exec(request(requests.get(0)));
        }
        double total = requests.stream().mapToDouble(Request::weight).sum();
        List<Choice.WithWeight> choices = new ArrayList<>();
        double assigned = 0;
        for (int i = 0; i < requests.size(); i++) {
            // percentages must add up to exactly 100, or Gatling lets some users through without a request
            double percent = i == requests.size() - 1 ? 100 - assigned : requests.get(i).weight() / total * 100;
            assigned += percent;
            choices.add(new Choice.WithWeight(percent, exec(request(requests.get(i)))));
        }
        return randomSwitch().on(choices);
    }

    /** One request per user, taking the endpoints in turn, so low-rate baseline traffic touches every one of them. */
    public ChainBuilder eachInTurn() {
        return roundRobinSwitch().on(requests.stream().map(r -> exec(request(r))).toList());
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
