package dev.prescale.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Thousands of generated profiles and expressions, seeded so a failure repeats: every one either parses into a
 * profile that can be evaluated, written and read back, or is refused with a {@link ProfileException} naming the
 * field. Any other exception, or an error, is a bug, reported with the seed and the document. Bounded: at most
 * {@value #DOCUMENTS} documents and {@value #SECONDS} seconds.
 */
class ProfileFuzzTest {

    static final long SEED = 20261127L;
    static final int DOCUMENTS = 4_000;
    static final int SECONDS = 60;

    static final String[] NUMBERS = {"0", "1", "-1", "0.5", "2", "10", "3600", "86400", "1e308", "1e9999999999",
            "1e-400", "-0", "123456789012345678901234567890", "1.7976931348623157e308", "4.9e-324", ".5", "1e"};
    static final String[] FUNCTIONS = {"sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "abs",
            "sqrt", "log", "log10", "floor", "ceiling", "round", "min", "max", "if", "random", "exp", "pow"};
    static final String[] OPERATORS = {"+", "-", "*", "/", "^", "%", ">", "<", "==", "&&", "||"};
    static final String[] ODD_TEXT = {"", " ", "t", "java.lang.System.exit(1)", "${env.HOME}", "'quoted'", "\"x\"",
            "\u0000", "\n", "ü", "t t", "(((", ")))", "e^e^e^e^e", "1" + "+1".repeat(3_000), "sin()", "max(1)",
            "if(t, 1)", "t^t^t", "-t", "--t", "pi*e", "PI", "T", "x", "t[0]", "t.value", "{a: 1}"};
    static final String[] DURATIONS = {"1h", "90s", "250ms", "0s", "-5m", "1h30m", "7d", "PT24H", "P9999999999D",
            "99999999999999999999d", "1e9h", "abc", "", "PT-1S", "0.0001ms", "3.5d", "P1Y", "5"};
    static final String[] TYPES = {"constant", "linear", "peak-valley", "expression", "replay", "zigzag", ""};

    @TempDir
    Path dir;

    @Test
    void everyGeneratedProfileIsValidOrANamedProfileError() throws IOException {
        Files.writeString(dir.resolve("t.csv"), "timestamp,requests\n0,60\n60,120\n120,30\n");
        Files.writeString(dir.resolve("gappy.csv"), "timestamp,requests\n0,60\n60,120\n4102444800,30\n");
        Random random = new Random(SEED);
        TraceFolders traces = TraceFolders.forProfilesIn(dir);
        long deadline = System.nanoTime() + SECONDS * 1_000_000_000L;
        int valid = 0;
        int refused = 0;
        int generated = 0;
        List<String> unnamed = new ArrayList<>();
        for (; generated < DOCUMENTS && System.nanoTime() < deadline; generated++) {
            String document = document(random);
            try {
                LoadProfile profile = ProfileFormat.parse(document, "fuzz-" + generated + ".yaml", traces,
                        ProfileFormat.NO_HISTORY);
                exercise(profile, traces);
                valid++;
            } catch (ProfileException e) {
                assertThat(e.getMessage()).as("a refusal names the field").contains("field '");
                refused++;
            } catch (RuntimeException | StackOverflowError e) {
                unnamed.add("document " + generated + " (seed " + SEED + "): " + e + "\n---\n" + document + "\n---");
                if (unnamed.size() >= 5) {
                    break;
                }
            }
        }
        System.out.printf("profile fuzz: %d documents, %d valid, %d refused with a named field, %d other errors%n",
                generated, valid, refused, unnamed.size());
        if (!unnamed.isEmpty()) {
            fail(unnamed.size() + " documents failed with something other than a named profile error:\n"
                    + String.join("\n", unnamed));
        }
        assertThat(valid).as("the generator also makes valid profiles").isGreaterThan(generated / 20);
        assertThat(refused).as("and invalid ones").isGreaterThan(generated / 5);
    }

    /** What a run does with a valid profile: rates, counts, and the round trip through the stored document. */
    private static void exercise(LoadProfile profile, TraceFolders traces) {
        double span = profile.durationSeconds();
        for (double t : new double[]{0, span / 3, span / 2, span}) {
            double rate = profile.rateAt(t);
            assertThat(Double.isFinite(rate) && rate >= 0).as("rate at " + t + " of " + profile).isTrue();
        }
        double requests = profile.requestsBetween(0, Math.min(span, 120));
        assertThat(Double.isFinite(requests) && requests >= 0).as("requests of " + profile).isTrue();
        LoadProfile again = ProfileFormat.parse(ProfileFormat.toJson(profile), "round trip", traces,
                ProfileFormat.NO_HISTORY);
        assertThat(again.profileId()).isEqualTo(profile.profileId());
    }

    private static String document(Random r) {
        StringBuilder d = new StringBuilder();
        d.append("profileId: ").append(pick(r, 0.9, "fuzz-" + r.nextInt(1000), "../x", "", "a b", "x".repeat(200)))
                .append('\n');
        if (r.nextDouble() < 0.9) {
            d.append("resourceType: ").append(pick(r, 0.85, "CPU", "MEMORY", "GPU", "cpu", "1")).append('\n');
        }
        if (r.nextDouble() < 0.85) {
            d.append("duration: ").append(quoted(pick(r, 0.5, "1h", DURATIONS))).append('\n');
        }
        if (r.nextDouble() < 0.3) {
            d.append("scalingFactor: ").append(pick(r, 0.6, "1.5", NUMBERS)).append('\n');
        }
        if (r.nextDouble() < 0.2) {
            d.append("priority: ").append(pick(r, 0.6, "CRITICAL", "BUSINESS", "BACKGROUND", "urgent")).append('\n');
        }
        if (r.nextDouble() < 0.2) {
            d.append("slo:\n  p95: ").append(quoted(pick(r, 0.6, "250ms", DURATIONS))).append("\n  maxErrorRate: ")
                    .append(quoted(pick(r, 0.6, "1%", "0.01", "150%", "-1%", "abc", "1e400%"))).append('\n');
        }
        if (r.nextDouble() < 0.15) {
            d.append("triggers:\n  - ").append(pick(r, 0.0, "schedule: \"0 6 * * *\"\n    zone: Europe/Berlin",
                    "schedule: \"61 6 * * *\"\n    zone: UTC", "schedule: \"0 6 * * *\"\n    zone: Mars/Base",
                    "calendarEvent: sale\n    leadTime: " + quoted(any(r, DURATIONS)),
                    "metric: cpu\n    above: " + pick(r, 0.5, "0.7", NUMBERS) + "\n    for: 5m",
                    "metric: cpu", "nonsense: 1")).append('\n');
        }
        d.append(pattern(r));
        String text = d.toString();
        if (r.nextDouble() < 0.08) { // mangle the YAML itself
            int cut = r.nextInt(text.length() + 1);
            text = r.nextBoolean() ? text.substring(0, cut)
                    : text.substring(0, cut) + pick(r, 0.0, ":", "\t", "- ", "{", "'", "&a *a", "\u0007") + text
                    .substring(cut);
        }
        return text;
    }

    private static String pattern(Random r) {
        String type = pick(r, 0.9, TYPES[r.nextInt(5)], TYPES);
        StringBuilder p = new StringBuilder("pattern:\n  type: ").append(quoted(type)).append('\n');
        switch (type) {
            case "constant" -> p.append("  rate: ").append(pick(r, 0.6, "5", NUMBERS)).append('\n');
            case "linear" -> p.append("  from: ").append(pick(r, 0.6, "1", NUMBERS)).append("\n  to: ")
                    .append(pick(r, 0.6, "20", NUMBERS)).append('\n');
            case "peak-valley" -> p.append("  period: ").append(quoted(pick(r, 0.6, "1h", DURATIONS)))
                    .append("\n  peak: ").append(pick(r, 0.6, "50", NUMBERS)).append("\n  trough: ")
                    .append(pick(r, 0.6, "5", NUMBERS)).append('\n');
            case "expression" -> p.append("  expression: ").append(quoted(r.nextDouble() < 0.85
                    ? expression(r, 0) : any(r, ODD_TEXT))).append('\n');
            case "replay" -> p.append("  file: ").append(quoted(pick(r, 0.5, "t.csv", "gappy.csv", "/etc/passwd",
                    "../t.csv", "missing.csv", "/proc/self/environ", "/dev/zero", ""))).append("\n  speedUp: ")
                    .append(pick(r, 0.6, "60", NUMBERS)).append('\n');
            default -> p.append("  rate: 3\n");
        }
        if (r.nextDouble() < 0.05) {
            p.append("  extra: 1\n");
        }
        return p.toString();
    }

    private static String expression(Random r, int depth) {
        double roll = r.nextDouble();
        if (depth > 5 || roll < 0.3) {
            return pick(r, 0.5, r.nextBoolean() ? "t" : String.valueOf(r.nextInt(500)), NUMBERS);
        }
        if (roll < 0.35) {
            return pick(r, 0.0, "pi", "e", "t");
        }
        if (roll < 0.65) {
            return "(" + expression(r, depth + 1) + " " + any(r, OPERATORS) + " " + expression(r, depth + 1)
                    + ")";
        }
        if (roll < 0.7) {
            return "-" + expression(r, depth + 1);
        }
        String function = any(r, FUNCTIONS);
        int arity = function.equals("if") ? 3 : function.equals("min") || function.equals("max") ? 2 : 1;
        arity = r.nextDouble() < 0.1 ? r.nextInt(4) : arity;
        List<String> args = new ArrayList<>();
        for (int i = 0; i < arity; i++) {
            args.add(expression(r, depth + 1));
        }
        return function + "(" + String.join(", ", args) + ")";
    }

    /** {@code usual} with probability {@code p}, else one of {@code others}. */
    private static String pick(Random r, double p, String usual, String... others) {
        return r.nextDouble() < p || others.length == 0 ? usual : others[r.nextInt(others.length)];
    }

    private static String any(Random r, String[] values) {
        return values[r.nextInt(values.length)];
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\u0000", "\\0")
                .replace("\u0007", "\\a") + "\"";
    }
}
