package dev.prescale.store.influx;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How to reach InfluxDB. Immutable. Secrets (token, password) never appear in {@link #toString()} or in any message.
 *
 * <p>Defaults: database {@value #DEFAULT_DATABASE}, API chosen from the server's {@code X-Influxdb-Version}
 * ({@link Api#AUTO}), buffer {@value #DEFAULT_BUFFER_CAPACITY} points, batches of {@value #DEFAULT_BATCH_SIZE},
 * retry backoff up to 5 s, spill file {@code target/prescale-spill/influx.lp}.
 *
 * @param url             base URL, e.g. http://127.0.0.1:8086
 * @param database        1.x database (and, through DBRP mappings, the 2.x/3.x bucket for InfluxQL reads)
 * @param retentionPolicy 1.x retention policy to write to and read from; null for the database's default
 * @param username        1.x user, or null
 * @param password        1.x password, or null
 * @param token           2.x/3.x/Cloud API token, or null
 * @param org             2.x organisation for writes, or null
 * @param bucket          2.x bucket for writes; null for {@code database/retentionPolicy}
 * @param api             which write API to use
 */
public record InfluxConfig(URI url, String database, String retentionPolicy, String username, String password,
                           String token, String org, String bucket, Api api, int bufferCapacity, int batchSize,
                           Duration maxBackoff, Path spillFile) {

    public enum Api {
        /** 1.x when the server's X-Influxdb-Version starts with "1.", else 2.x. */
        AUTO,
        /** POST /write with db and rp. */
        V1,
        /** the influxdb-client-java WriteApi: /api/v2/write with org and bucket. */
        V2
    }

    public static final String DEFAULT_DATABASE = "prescale";
    public static final int DEFAULT_BUFFER_CAPACITY = 500_000;
    public static final int DEFAULT_BATCH_SIZE = 5_000;

    public InfluxConfig {
        if (url == null || url.getHost() == null) {
            throw new IllegalArgumentException("InfluxDB url must be an http(s) URL with a host, but was " + url);
        }
        if (database == null || database.isBlank()) {
            throw new IllegalArgumentException("InfluxDB database must be named");
        }
        if (bufferCapacity < 1 || batchSize < 1) {
            throw new IllegalArgumentException("bufferCapacity and batchSize must be >= 1, but were " + bufferCapacity
                    + " and " + batchSize);
        }
    }

    /** A 1.x-style connection without credentials, other settings at their defaults. */
    public static InfluxConfig of(String url, String database) {
        return new InfluxConfig(URI.create(url), database, null, null, null, null, null, null, Api.AUTO,
                DEFAULT_BUFFER_CAPACITY, DEFAULT_BATCH_SIZE, Duration.ofSeconds(5),
                Path.of("target", "prescale-spill", "influx.lp"));
    }

    /**
     * From environment variables, the way the InfluxDB CLIs read them: {@code INFLUX_URL} (default
     * http://127.0.0.1:8086), {@code INFLUX_DATABASE} (default prescale), {@code INFLUX_RETENTION_POLICY},
     * {@code INFLUX_USERNAME}, {@code INFLUX_PASSWORD}, {@code INFLUX_TOKEN}, {@code INFLUX_ORG},
     * {@code INFLUX_BUCKET}, {@code INFLUX_API} (auto, v1, v2).
     */
    public static InfluxConfig fromEnvironment(Map<String, String> env) {
        InfluxConfig base = of(env.getOrDefault("INFLUX_URL", "http://127.0.0.1:8086"),
                env.getOrDefault("INFLUX_DATABASE", DEFAULT_DATABASE));
        return new InfluxConfig(base.url, base.database, blank(env.get("INFLUX_RETENTION_POLICY")),
                blank(env.get("INFLUX_USERNAME")), blank(env.get("INFLUX_PASSWORD")), blank(env.get("INFLUX_TOKEN")),
                blank(env.get("INFLUX_ORG")), blank(env.get("INFLUX_BUCKET")),
                Api.valueOf(env.getOrDefault("INFLUX_API", "auto").toUpperCase(java.util.Locale.ROOT)),
                base.bufferCapacity, base.batchSize, base.maxBackoff, base.spillFile);
    }

    public InfluxConfig withCredentials(String user, String secret) {
        return new InfluxConfig(url, database, retentionPolicy, user, secret, token, org, bucket, api, bufferCapacity,
                batchSize, maxBackoff, spillFile);
    }

    public InfluxConfig withToken(String apiToken, String organisation, String writeBucket) {
        return new InfluxConfig(url, database, retentionPolicy, username, password, apiToken, organisation,
                writeBucket, api, bufferCapacity, batchSize, maxBackoff, spillFile);
    }

    public InfluxConfig withApi(Api value) {
        return new InfluxConfig(url, database, retentionPolicy, username, password, token, org, bucket, value,
                bufferCapacity, batchSize, maxBackoff, spillFile);
    }

    public InfluxConfig withRetentionPolicy(String value) {
        return new InfluxConfig(url, database, value, username, password, token, org, bucket, api, bufferCapacity,
                batchSize, maxBackoff, spillFile);
    }

    public InfluxConfig withBuffer(int capacity, int batch, Duration backoff, Path spill) {
        return new InfluxConfig(url, database, retentionPolicy, username, password, token, org, bucket, api, capacity,
                batch, backoff, spill);
    }

    /** The bucket v2 writes go to: the configured one, or db/rp as InfluxDB's DBRP convention names it. */
    String writeBucket() {
        if (bucket != null) {
            return bucket;
        }
        return retentionPolicy == null ? database : database + "/" + retentionPolicy;
    }

    @Override
    public String toString() {
        return "InfluxConfig[url=" + url + ", database=" + database + ", rp=" + retentionPolicy + ", api=" + api
                + ", user=" + username + ", password=" + (password == null ? "none" : "***") + ", token="
                + (token == null ? "none" : "***") + ", org=" + org + ", bucket=" + bucket + "]";
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
