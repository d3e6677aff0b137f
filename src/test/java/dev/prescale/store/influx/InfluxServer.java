package dev.prescale.store.influx;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The InfluxDB the build started with {@code profile-db/influxdb.sh} before the integration tests (folder in the
 * system property {@code prescale.it.influxdb}), and a few admin calls on it.
 */
public final class InfluxServer {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private InfluxServer() {
    }

    public static Path folder() {
        String dir = System.getProperty("prescale.it.influxdb");
        if (dir == null) {
            throw new AssertionError("system property prescale.it.influxdb is not set: run the ITs with mvn verify, "
                    + "which starts InfluxDB with profile-db/influxdb.sh first");
        }
        return Path.of(dir);
    }

    /** URL of the running server. */
    public static String url() {
        Path urlFile = folder().resolve("url");
        try {
            return Files.readString(urlFile).strip();
        } catch (IOException e) {
            throw new AssertionError("InfluxDB was not started: " + urlFile + " is missing. See "
                    + folder().resolve("influxd.log") + " and the output of profile-db/influxdb.sh start", e);
        }
    }

    /** Creates a fresh, empty database and returns its name. */
    public static String newDatabase() {
        String name = "it_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        query("CREATE DATABASE \"" + name + "\"");
        return name;
    }

    public static String query(String statement) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url()
                            + "/query?q=" + URLEncoder.encode(statement, StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(statement + " failed: " + response.body());
            }
            return response.body();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(statement + " failed: " + e, e);
        }
    }

    /** Runs the project's script, e.g. {@code stop} or {@code start} on the IT server's folder. */
    public static void script(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "profile-db/influxdb.sh", command, folder().toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError("influxdb.sh " + command + " failed: " + out);
        }
    }
}
