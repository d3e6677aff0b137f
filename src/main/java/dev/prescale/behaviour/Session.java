package dev.prescale.behaviour;

import dev.prescale.signature.AccessLog;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One user's visit: the requests of one client and user agent with no pause longer than the inactivity gap.
 *
 * @param requests in time order, at least one
 */
public record Session(String group, List<AccessLog.Entry> requests) {

    public Session {
        requests = List.copyOf(requests);
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("a session has at least one request");
        }
    }

    public Instant start() {
        return requests.get(0).time();
    }

    public int length() {
        return requests.size();
    }

    public Duration duration() {
        return Duration.between(start(), requests.get(requests.size() - 1).time());
    }

    /** Seconds between consecutive requests. */
    public double[] thinkSeconds() {
        double[] t = new double[requests.size() - 1];
        for (int i = 1; i < requests.size(); i++) {
            t[i - 1] = Duration.between(requests.get(i - 1).time(), requests.get(i).time()).toMillis() / 1000.0;
        }
        return t;
    }
}
