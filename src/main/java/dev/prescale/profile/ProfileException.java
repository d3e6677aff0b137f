package dev.prescale.profile;

/**
 * A load profile that cannot be used as written. The message always names the profile, the field and the fix, so a
 * user reading a failed build knows what to edit without reading a stack trace.
 */
public final class ProfileException extends RuntimeException {

    private final String profileId;
    private final String location;
    private final String field;
    private final String problem;
    private final String fix;

    /**
     * @param profileId the profile's id, its file when the id itself is unknown, or null while a pattern is built on
     *                  its own (the reader then attributes it with {@link #inProfile})
     * @param field     the offending field, dotted for nested ones ({@code pattern.expression})
     * @param problem   what is wrong, quoting the bad value
     * @param fix       what to write instead
     */
    public ProfileException(String profileId, String field, String problem, String fix, Throwable cause) {
        this(profileId, null, field, problem, fix, cause);
    }

    private ProfileException(String profileId, String location, String field, String problem, String fix,
                             Throwable cause) {
        super(message(profileId, location, field, problem, fix), cause);
        this.profileId = profileId;
        this.location = location;
        this.field = field;
        this.problem = problem;
        this.fix = fix;
    }

    public ProfileException(String profileId, String field, String problem, String fix) {
        this(profileId, field, problem, fix, null);
    }

    /** A problem in a part of a profile (a pattern, a trigger) found before the profile it belongs to is known. */
    public static ProfileException inField(String field, String problem, String fix) {
        return new ProfileException(null, field, problem, fix, null);
    }

    public static ProfileException inField(String field, String problem, String fix, Throwable cause) {
        return new ProfileException(null, field, problem, fix, cause);
    }

    /** The same problem, attributed to a profile, with the field nested under {@code parentField} when given. */
    public ProfileException inProfile(String id, String parentField) {
        String nested = parentField == null || parentField.isEmpty() ? field : parentField + "." + field;
        return new ProfileException(id, location, nested, problem, fix, getCause());
    }

    /** The same problem, saying which file the profile was read from. */
    public ProfileException inFile(String id, String file) {
        return new ProfileException(id, file, field, problem, fix, getCause());
    }

    public String profileId() {
        return profileId;
    }

    public String field() {
        return field;
    }

    private static String message(String profileId, String location, String field, String problem, String fix) {
        String where = profileId == null ? "" : "profile '" + profileId + "'"
                + (location == null ? "" : " (" + location + ")") + ", ";
        return where + "field '" + field + "': " + problem + ". Fix: " + fix;
    }

    /** Text safe to quote in a message: control characters shown as '?', at most 200 characters. */
    static String printable(String text) {
        String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        StringBuilder b = new StringBuilder(shown.length());
        shown.codePoints().forEach(cp -> b.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        return b.toString();
    }
}
