package dev.prescale.behaviour;

import dev.prescale.signature.AccessLog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Cuts a log into sessions: per client and user agent, a new session after an inactivity gap. */
public final class Sessionizer {

    /** The usual web-analytics inactivity gap. */
    public static final Duration DEFAULT_GAP = Duration.ofMinutes(30);

    private Sessionizer() {
    }

    /** The sessions of {@code entries} (any order), ordered by start. */
    public static List<Session> sessions(List<AccessLog.Entry> entries, Duration gap, Grouping grouping) {
        if (gap.isNegative() || gap.isZero()) {
            throw new IllegalArgumentException("the inactivity gap must be positive, but was " + gap);
        }
        List<AccessLog.Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(AccessLog.Entry::time));
        Map<String, List<AccessLog.Entry>> open = new HashMap<>();
        List<Session> sessions = new ArrayList<>();
        for (AccessLog.Entry e : sorted) {
            String user = e.client() + '\u0000' + e.userAgent();
            List<AccessLog.Entry> current = open.get(user);
            if (current != null && Duration.between(current.get(current.size() - 1).time(), e.time())
                    .compareTo(gap) > 0) {
                sessions.add(new Session(grouping.groupOf(current.get(0)), current));
                current = null;
            }
            if (current == null) {
                current = new ArrayList<>();
                open.put(user, current);
            }
            current.add(e);
        }
        open.values().forEach(rest -> sessions.add(new Session(grouping.groupOf(rest.get(0)), rest)));
        sessions.sort(Comparator.comparing(Session::start));
        return sessions;
    }
}
