package dev.prescale.profile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The project's example folders ({@code profile-db/profiles}, {@code traces}, {@code chaos} and {@code seed}) travel
 * inside Prescale's jar, so {@code java -jar prescale-VERSION-app.jar rehearse} has its embedded default in any folder.
 *
 * <p>Only a default folder is ever replaced, and only when it is not there: in the source tree the project's own
 * folders win, and a folder a user named stays what they named (a wrong path is still an error naming it). From a jar
 * the shipped files are unpacked once into {@code ~/.cache/prescale/shipped-<content hash>} (a private temporary
 * folder when the home folder cannot be written), so a replay profile reads its trace through the same checks as any
 * other file ({@link TraceFolders}).
 */
public final class ShippedFiles {

    /** Where the build puts {@code profile-db/...} among the classes. */
    static final String ROOT = "dev/prescale/shipped/";

    private static volatile Path unpacked;

    private ShippedFiles() {
    }

    /**
     * {@code folder} itself when it exists or is not one of the shipped defaults; else the shipped copy of it.
     *
     * @param folder a default such as {@code profile-db/profiles}, relative to where Prescale runs
     */
    public static Path orShipped(Path folder) {
        if (folder.isAbsolute() || Files.isDirectory(folder)) {
            return folder;
        }
        Path root = root();
        if (root == null) {
            return folder;
        }
        Path shipped = root.resolve(folder.normalize().toString());
        return shipped.startsWith(root) && Files.isDirectory(shipped) ? shipped : folder;
    }

    /** The folder holding the shipped {@code profile-db}, or null when this build carries none. */
    static Path root() {
        Path known = unpacked;
        if (known != null) {
            return known;
        }
        synchronized (ShippedFiles.class) {
            if (unpacked == null) {
                unpacked = locate();
            }
            return unpacked;
        }
    }

    private static Path locate() {
        URL url = ShippedFiles.class.getClassLoader().getResource(ROOT + "profile-db");
        if (url == null) {
            return null;
        }
        try {
            if ("file".equals(url.getProtocol())) { // classes in a folder (the build's target/classes)
                return Path.of(url.toURI()).getParent();
            }
            if ("jar".equals(url.getProtocol())) {
                JarURLConnection connection = (JarURLConnection) url.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    return unpack(jar);
                }
            }
            return null;
        } catch (IOException | URISyntaxException | RuntimeException e) {
            System.err.println("prescale: the profiles shipped in the jar cannot be unpacked (" + e.getMessage()
                    + "); set prescale.profileDb to a folder of profiles");
            return null;
        }
    }

    private static Path unpack(JarFile jar) throws IOException {
        List<JarEntry> entries = new ArrayList<>();
        CRC32 content = new CRC32();
        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
            JarEntry entry = e.nextElement();
            if (entry.getName().startsWith(ROOT) && !entry.isDirectory()) {
                entries.add(entry);
            }
        }
        entries.sort(Comparator.comparing(JarEntry::getName));
        for (JarEntry entry : entries) {
            content.update(entry.getName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            content.update(Long.toString(entry.getCrc()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        Path cache = cacheFolder();
        Path target = cache == null ? null : cache.resolve("shipped-" + Long.toHexString(content.getValue()));
        if (target != null && Files.isDirectory(target.resolve("profile-db"))) {
            return target;
        }
        Path staging = cache == null ? Files.createTempDirectory("prescale-shipped")
                : Files.createTempDirectory(cache, ".unpacking-");
        for (JarEntry entry : entries) {
            Path file = staging.resolve(entry.getName().substring(ROOT.length())).normalize();
            if (!file.startsWith(staging)) {
                continue; // never outside the folder, whatever a jar entry's name says
            }
            Files.createDirectories(file.getParent());
            try (InputStream in = jar.getInputStream(entry)) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (target == null) {
            return staging;
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException
                 raced) { // another process unpacked the same content first
            delete(staging);
        }
        return Files.isDirectory(target.resolve("profile-db")) ? target : null;
    }

    /** {@code ~/.cache/prescale}, or null when it cannot be made. */
    private static Path cacheFolder() {
        try {
            String home = System.getProperty("user.home");
            if (home == null || home.isBlank()) {
                return null;
            }
            return Files.createDirectories(Path.of(home, ".cache", "prescale"));
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
