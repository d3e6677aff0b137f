package dev.prescale.simulation;

import dev.prescale.config.Config;
import dev.prescale.config.Key;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An A/B scenario (seed 002): a profile's traffic split between variants by whole-number weights, each with its own
 * request mix, sent side by side and judged apart ({@code variants}: {@code "A 50: GET /browse 70, POST /checkout 5;
 * B 50: GET /browse 50, POST /checkout 30"}). Empty when not set.
 */
public record Variants(List<Variant> variants) {

    /** One variant: its name (its results' tier is {@code variant-<name>}), weight and mix. */
    public record Variant(String name, int weight, RequestMix mix) {

        public String tier() {
            return "variant-" + name;
        }
    }

    public static final List<Key> KEYS = List.of(Key.of("variants",
            "A 50: GET /browse 70, POST /checkout 5; B 50: GET /browse 50, POST /checkout 30", "none",
            "an A/B split of the profile's traffic: name weight: request mix, separated by ;"));

    public static final Variants NONE = new Variants(List.of());

    public Variants {
        variants = List.copyOf(variants);
    }

    public boolean present() {
        return !variants.isEmpty();
    }

    public static Variants from(Map<String, String> properties) {
        String text = Config.caseInsensitive(properties).get("prescale.variants");
        return text == null || text.isBlank() ? NONE : parse(text);
    }

    /** @throws IllegalArgumentException naming the variant and the form expected */
    public static Variants parse(String text) {
        List<Variant> list = new ArrayList<>();
        for (String entry : text.split(";")) {
            int colon = entry.indexOf(':');
            String[] head = colon < 0 ? new String[0] : entry.substring(0, colon).strip().split("\\s+");
            if (head.length != 2 || !head[0].matches("[A-Za-z0-9][A-Za-z0-9_-]*") || !head[1].matches("\\d{1,4}")
                    || Integer.parseInt(head[1]) == 0) {
                throw new IllegalArgumentException("variant '" + entry.strip() + "' is not 'name weight: request "
                        + "mix'; write e.g. variants=\"A 50: GET /browse 70, POST /checkout 5; B 50: GET /browse 50, "
                        + "POST /checkout 30\"");
            }
            if (list.stream().anyMatch(v -> v.name().equals(head[0]))) {
                throw new IllegalArgumentException("variant " + head[0] + " is named twice in variants");
            }
            list.add(new Variant(head[0], Integer.parseInt(head[1]), RequestMix.parse(entry.substring(colon + 1))));
        }
        return new Variants(list);
    }

    /** Each variant's part of {@code plan}, in order: their arrivals add up to the plan's, step by step. */
    public List<InjectionPlan> split(InjectionPlan plan) {
        // weights in lowest terms, so 50/50 deals arrivals alternately rather than in runs of fifty
        int gcd = variants.stream().mapToInt(Variant::weight).reduce(0, Variants::gcd);
        int total = variants.stream().mapToInt(Variant::weight).sum() / gcd;
        List<InjectionPlan> parts = new ArrayList<>();
        int from = 0;
        for (Variant v : variants) {
            parts.add(plan.part(from, from + v.weight() / gcd, total));
            from += v.weight() / gcd;
        }
        return parts;
    }

    /** Each variant's share of the traffic. */
    public double share(Variant v) {
        return v.weight() / (double) variants.stream().mapToInt(Variant::weight).sum();
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
