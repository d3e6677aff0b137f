package dev.prescale.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Profiles kept as YAML files, one profile per {@code *.yaml} file in a folder ({@code profile-db/profiles} by
 * default), so they are edited by hand, reviewed in pull requests and versioned with the simulations.
 *
 * <p>Every file is read and validated when the folder is opened: a typo fails the run before any traffic is sent,
 * with the file, field and fix in the message. The format is {@link ProfileFormat}'s, described in
 * {@code profile-db/README.md}.
 */
public final class ProfileFiles implements ProfileSource {

    /** Where profiles live when nothing else is configured, relative to the project root. */
    public static final Path DEFAULT_FOLDER = Path.of("profile-db", "profiles");

    private final Path folder;
    private final Map<String, LoadProfile> profiles;

    private ProfileFiles(Path folder, Map<String, LoadProfile> profiles) {
        this.folder = folder;
        this.profiles = profiles;
    }

    /**
     * Reads every profile in {@code folder}.
     *
     * @throws ProfileException for the first file that is not a valid profile, or two files with one id
     */
    public static ProfileFiles open(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new ProfileException(folder.toString(), "(folder)", "profile folder " + folder.toAbsolutePath()
                    + " does not exist", "run from the project root, or point prescale.profileDb at a folder of "
                    + "*.yaml profiles");
        }
        Map<String, LoadProfile> byId = new TreeMap<>();
        Map<String, Path> fileOf = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(ProfileFiles::isProfileFile).sorted().toList()) {
                LoadProfile profile = read(file);
                Path earlier = fileOf.putIfAbsent(profile.profileId(), file);
                if (earlier != null) {
                    throw new ProfileException(profile.profileId(), "profileId", "defined twice, in " + earlier
                            + " and " + file, "give each profile its own id");
                }
                byId.put(profile.profileId(), profile);
            }
        } catch (IOException e) {
            throw new ProfileException(folder.toString(), "(folder)", "cannot list " + folder + ": " + e.getMessage(),
                    "check the folder's permissions", e);
        }
        return new ProfileFiles(folder, byId);
    }

    /** Reads one profile file; replay paths are relative to the file's folder and stay in {@link TraceFolders}. */
    public static LoadProfile read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ProfileException(file.getFileName().toString(), "(file)", "cannot be read: " + e.getMessage(),
                    "check the file exists and is readable", e);
        }
        return ProfileFormat.parse(text, file.toString(), TraceFolders.forProfilesIn(file.toAbsolutePath().getParent()),
                ProfileFormat.NO_HISTORY);
    }

    @Override
    public List<LoadProfile> all() {
        return List.copyOf(profiles.values());
    }

    @Override
    public LoadProfile byId(String profileId) {
        LoadProfile profile = profiles.get(profileId);
        if (profile == null) {
            throw new ProfileException(profileId, "profileId", "no such profile in " + folder.toAbsolutePath()
                    + "; known: " + profiles.keySet(), "use one of the known ids or add " + profileId + ".yaml there");
        }
        return profile;
    }

    /** A regular {@code *.yaml} or {@code *.yml} file (any case): what a profile folder is read for. */
    public static boolean isProfileFile(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }

}
