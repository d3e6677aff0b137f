package dev.prescale.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's Chromium, headless, for tests that must see a page rendered: `.ci/run` installs it. */
public final class Chromium {

    public static final Path BINARY = Path.of("/usr/bin/chromium");

    private Chromium() {
    }

    /** Renders {@code html} and saves a screenshot of {@code width} x {@code height} pixels to {@code png}. */
    public static void screenshot(Path html, Path png, int width, int height) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is missing: install Debian's chromium package "
                    + "(apt-get install chromium); .ci/run does");
        }
        Path profile = Files.createTempDirectory("prescale-chromium");
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        Process p = new ProcessBuilder(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath(),
                html.toAbsolutePath().toUri().toString())).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || !Files.exists(png)) {
            p.destroyForcibly();
            throw new AssertionError("chromium made no screenshot of " + html + ": " + output);
        }
    }
}
