package dev.prescale.profile;

/**
 * Reads the rates people write in profiles, chaos profiles and settings: a share ({@code 0.05}) or a percentage
 * ({@code 5%}). Callers name the field in their own error message.
 */
public final class Shares {

    private Shares() {
    }

    /** As a share: {@code 5%} and {@code 0.05} are both 0.05. */
    public static double share(String text) {
        String t = text.strip();
        return t.endsWith("%") ? number(t) / 100 : Double.parseDouble(t);
    }

    /** As a percentage: {@code 5%} and {@code 0.05} are both 5. */
    public static double percent(String text) {
        String t = text.strip();
        return t.endsWith("%") ? number(t) : Double.parseDouble(t) * 100;
    }

    private static double number(String withPercentSign) {
        return Double.parseDouble(withPercentSign.substring(0, withPercentSign.length() - 1).strip());
    }
}
