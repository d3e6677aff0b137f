package dev.prescale.simulation;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Gatling simulation in its own JVM, the way gatling-maven-plugin does, with Prescale's settings as system
 * properties: a rehearsal cannot take the controller down with it, and Gatling's own JVM options apply. The classpath
 * is the caller's, which must hold the simulations and gatling-app (tests, and {@code mvn exec:java}, whose scope is
 * set to test in the pom).
 */
public final class GatlingLauncher {

    /** How a run ended: Gatling's exit code (non-zero when an assertion failed) and the file with its output. */
    public record Outcome(int exitCode, Path log) {
        public String output() throws IOException {
            return Files.readString(log);
        }
    }

    private GatlingLauncher() {
    }

    /** A Gatling JVM running in the background. */
    public record Running(Process process, Path log) {
        /** @throws IllegalStateException when it outlasts {@code timeout} (it is then killed) */
        public Outcome await(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Gatling did not finish within " + timeout + "; its output is in "
                        + log);
            }
            return new Outcome(process.exitValue(), log);
        }

        /** Stops the run: Gatling's JVM is terminated, its shutdown hooks flush what was recorded. */
        public void stop() {
            process.destroy();
        }
    }

    /**
     * @throws IllegalStateException when gatling-app is not on the classpath, or the run outlasts {@code timeout}
     */
    public static Outcome run(String simulationClass, Map<String, String> properties, Path resultsFolder,
                              Duration timeout) throws IOException, InterruptedException {
        return run(simulationClass, properties, Map.of(), resultsFolder, timeout);
    }

    /** Runs it with {@code environment} added to the child's (see {@link #start(String, Map, Map, Path)}). */
    public static Outcome run(String simulationClass, Map<String, String> properties, Map<String, String> environment,
                              Path resultsFolder, Duration timeout) throws IOException, InterruptedException {
        return start(simulationClass, properties, environment, resultsFolder).await(timeout);
    }

    /** Starts the run and returns at once. */
    public static Running start(String simulationClass, Map<String, String> properties, Path resultsFolder)
            throws IOException {
        return start(simulationClass, properties, Map.of(), resultsFolder);
    }

    /**
     * Starts the run and returns at once.
     *
     * @param properties  {@code -D} properties of the child JVM (no secrets: other users can read a command line)
     * @param environment variables added to the child's environment (secrets, as {@code PRESCALE_*})
     */
    public static Running start(String simulationClass, Map<String, String> properties,
                                Map<String, String> environment, Path resultsFolder) throws IOException {
        String classpath = classpath();
        if (!classpath.contains("gatling-app")) {
            throw new IllegalStateException("gatling-app is not on the classpath, so no simulation can run; run "
                    + "java -jar target/prescale-VERSION-app.jar (its lib/ beside it), or mvn exec:java in the project, "
                    + "or add io.gatling.highcharts:gatling-charts-highcharts to your project");
        }
        Files.createDirectories(resultsFolder);
        Path log = resultsFolder.resolve(simulationClass.substring(simulationClass.lastIndexOf('.') + 1) + "-"
                + System.currentTimeMillis() + ".out");
        Process process = startJava("io.gatling.app.Gatling", List.of("-s", simulationClass, "-rf",
                resultsFolder.toString()), properties, environment, log);
        return new Running(process, log);
    }

    /**
     * A JVM on this process's classpath running {@code mainClass}, its output in {@code log}: how every child of
     * Prescale is started, so what reaches a simulation reaches any other main class started here the same way.
     */
    public static Process startJava(String mainClass, List<String> args, Map<String, String> properties,
                                    Map<String, String> environment, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx512m", "-XX:MaxInlineLevel=20", "-XX:MaxTrivialSize=12",
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED"));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-cp", classpath(), mainClass));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** The classpath this code was loaded with: the class loader's URLs under exec:java, else java.class.path. */
    static String classpath() {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader l = Thread.currentThread().getContextClassLoader(); l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        // not a file: nothing a forked JVM could load
                    }
                }
            }
        }
        String surefire = System.getProperty("surefire.test.class.path");
        String own = surefire != null ? surefire : System.getProperty("java.class.path");
        for (String entry : own.split(File.pathSeparator)) {
            entries.add(entry);
            entries.addAll(manifestClassPath(entry));
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * The Class-Path of a jar's manifest, resolved against the jar's folder: under {@code java -jar prescale-app.jar}
     * the class path is that one jar, and its libraries are named only there.
     */
    static List<String> manifestClassPath(String entry) {
        if (!entry.endsWith(".jar") || !Files.isRegularFile(Path.of(entry))) {
            return List.of();
        }
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(entry)) {
            java.util.jar.Manifest manifest = jar.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes()
                    .getValue(java.util.jar.Attributes.Name.CLASS_PATH);
            if (classPath == null) {
                return List.of();
            }
            Path folder = Path.of(entry).toAbsolutePath().getParent();
            List<String> listed = new ArrayList<>();
            for (String name : classPath.trim().split("\\s+")) {
                Path library = folder.resolve(name);
                if (Files.exists(library)) {
                    listed.add(library.toString());
                }
            }
            return listed;
        } catch (IOException | RuntimeException unreadable) {
            return List.of(); // not a jar we can read: the JVM could not have used its manifest either
        }
    }
}
