package dev.prescale.config;

import java.util.Locale;

/**
 * One configuration key a feature reads: its name (lower-case, dotted: {@code scaling.target}), a value that is valid
 * and not the default (what the reference shows and the channel tests set), the default, and what it does. A feature
 * lists its keys beside the code that reads them, so the list and the reading change together.
 *
 * @param name    lower-case dotted name
 * @param example a valid value other than the default
 * @param fallback the default, or a short phrase when it depends ({@code "(the profile's)"})
 * @param meaning one line: what the key changes
 */
public record Key(String name, String example, String fallback, String meaning) {

    public Key {
        if (!name.equals(name.toLowerCase(Locale.ROOT)) || !name.matches("[a-z0-9]+(\\.[a-z0-9]+)*")) {
            throw new IllegalArgumentException("key '" + name + "' must be lower-case words joined by dots");
        }
    }

    public static Key of(String name, String example, String fallback, String meaning) {
        return new Key(name, example, fallback, meaning);
    }

    /** The environment variable setting it. */
    public String environmentName() {
        return Config.environmentName(name);
    }

    /** Edit distance between two keys, for suggesting the one a typo meant. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
