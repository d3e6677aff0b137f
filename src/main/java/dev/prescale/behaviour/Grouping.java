package dev.prescale.behaviour;

import dev.prescale.signature.AccessLog;
import dev.prescale.signature.Sources;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which group a user belongs to: the first configured rule whose pattern the user agent matches, else the source class
 * of {@link Sources} (crawler, feed-reader, api-client, mobile-browser, desktop-browser, other).
 *
 * @param rules checked in order
 */
public record Grouping(List<Rule> rules) {

    /** Users whose agent matches {@code userAgent} (a regular expression, found anywhere) form {@code group}. */
    public record Rule(String group, Pattern userAgent) {
    }

    /** The source classes alone. */
    public static final Grouping SOURCES = new Grouping(List.of());

    public Grouping {
        rules = List.copyOf(rules);
    }

    /**
     * Rules written {@code "name:regex, name:regex"}, e.g. {@code "monitors:(?i)pingdom|uptime, app:^Shop/"}.
     *
     * @throws IllegalArgumentException naming the entry and the form expected
     */
    public static Grouping parse(String text) {
        List<Rule> rules = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return SOURCES;
        }
        for (String entry : text.split(",")) {
            int colon = entry.indexOf(':');
            String name = colon > 0 ? entry.substring(0, colon).strip() : "";
            if (!name.matches("[a-z0-9][a-z0-9-]*")) {
                throw new IllegalArgumentException("group rule '" + entry.strip() + "' is not 'name:regex' with a "
                        + "lower-case name; write e.g. behaviour.groups=\"monitors:(?i)pingdom|uptime\"");
            }
            try {
                rules.add(new Rule(name, Pattern.compile(entry.substring(colon + 1).strip())));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("group rule '" + entry.strip() + "': " + e.getDescription(), e);
            }
        }
        return new Grouping(rules);
    }

    public String groupOf(AccessLog.Entry e) {
        String ua = e.userAgent() == null ? "" : e.userAgent();
        for (Rule r : rules) {
            if (r.userAgent().matcher(ua).find()) {
                return r.group();
            }
        }
        return Sources.of(ua);
    }
}
