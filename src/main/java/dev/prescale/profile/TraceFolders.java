package dev.prescale.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a replay profile may read its trace from: the folder its own file is in, and the configured trace folders.
 *
 * <p>A profile can arrive from anyone allowed to call the API, so its {@code file} is a path chosen by a client. It is
 * resolved (relative paths against {@link #base}), its symbolic links followed, and it must then be a regular file
 * inside one of {@link #roots}; anything else ({@code /proc/self/environ}, {@code ../../etc/passwd}, a link out of the
 * folder, {@code /dev/zero}) is refused before a byte is read, and the refusal names only the path.
 *
 * @param base  the folder relative paths start from (the profile file's folder; for stored profiles the first root)
 * @param roots the folders a trace may be in, as real paths
 */
public record TraceFolders(Path base, List<Path> roots) {

    /** The configured trace folders when {@value #PROPERTY} is not set, relative to the project root. */
    public static final Path DEFAULT_FOLDER = Path.of("profile-db", "traces");

    /** System property (or {@code PRESCALE_TRACEFOLDERS}) naming extra trace folders, separated by commas. */
    public static final String PROPERTY = "prescale.traceFolders";

    public TraceFolders {
        roots = List.copyOf(roots);
    }

    /**
     * The folders a profile in {@code profileFolder} may replay from: that folder and the configured ones
     * ({@value #PROPERTY}, else {@code PRESCALE_TRACEFOLDERS}, else {@code profile-db/traces}). Folders that do not
     * exist are left out.
     */
    public static TraceFolders forProfilesIn(Path profileFolder) {
        List<Path> folders = new ArrayList<>();
        folders.add(profileFolder);
        folders.addAll(configured());
        return new TraceFolders(profileFolder.toAbsolutePath().normalize(), realFolders(folders));
    }

    /** Only the configured trace folders; relative paths start from the first of them. */
    public static TraceFolders configuredOnly() {
        List<Path> roots = realFolders(configured());
        return new TraceFolders(roots.isEmpty() ? ShippedFiles.orShipped(DEFAULT_FOLDER).toAbsolutePath()
                : roots.get(0), roots);
    }

    private static List<Path> configured() {
        String setting = System.getenv().getOrDefault("PRESCALE_TRACEFOLDERS", "");
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.equalsIgnoreCase(PROPERTY)) { // prescale rehearse hands its child prescale.tracefolders
                setting = System.getProperty(key);
            }
        }
        List<Path> folders = new ArrayList<>();
        for (String part : setting.split(",")) {
            if (!part.isBlank()) {
                folders.add(Path.of(part.strip()));
            }
        }
        if (folders.isEmpty()) {
            folders.add(ShippedFiles.orShipped(DEFAULT_FOLDER));
        }
        return folders;
    }

    private static List<Path> realFolders(List<Path> folders) {
        List<Path> real = new ArrayList<>();
        for (Path folder : folders) {
            try {
                if (Files.isDirectory(folder)) {
                    Path r = folder.toRealPath();
                    if (!real.contains(r)) {
                        real.add(r);
                    }
                }
            } catch (IOException e) {
                // an unreadable folder holds no trace anyone can replay; leaving it out only narrows what is allowed
            }
        }
        return real;
    }

    /**
     * The real path of the trace a profile names, checked to lie inside one of the roots.
     *
     * @param file  the path as the profile wrote it
     * @param field the profile field, for the message
     * @throws ProfileException when the path is malformed, does not exist, is not a regular file or is outside the
     *                          roots; the message names the path as written and the allowed folders, never content
     */
    public Path resolve(String file, String field) {
        Path written;
        try {
            written = Path.of(file);
        } catch (InvalidPathException e) {
            throw ProfileException.inField(field, "'" + ProfileException.printable(file) + "' is not a valid path",
                    "give the path of a CSV file inside " + roots);
        }
        Path resolved = base.resolve(written).normalize();
        Path real;
        try {
            real = resolved.toRealPath();
        } catch (IOException e) {
            throw ProfileException.inField(field, "trace file '" + ProfileException.printable(file) + "' does not exist or cannot be "
                    + "read", "give the path of a CSV file inside " + roots + ", relative to " + base);
        }
        if (roots.stream().noneMatch(real::startsWith)) {
            throw ProfileException.inField(field, "trace file '" + ProfileException.printable(file) + "' is outside the folders "
                    + "traces are read from " + roots, "put the trace in one of them, or add its folder to "
                    + PROPERTY + " (PRESCALE_TRACEFOLDERS) where the profile is read");
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw ProfileException.inField(field, "trace file '" + ProfileException.printable(file) + "' is not a regular file",
                    "give the path of a CSV file of timestamp,requests rows");
        }
        return real;
    }
}
