package dev.prescale.store.influx;

import dev.prescale.config.Key;
import java.util.List;

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

    /** The keys {@link #from} reads, as {@code influx.*} (file, {@code PRESCALE_INFLUX_*}, {@code -Dprescale.influx.*}). */
    public static final List<Key> KEYS = List.of(
            Key.of("influx.url", "http://127.0.0.1:8087", "http://127.0.0.1:8086 (or INFLUX_URL)",
                    "InfluxDB's base URL"),
            Key.of("influx.database", "rehearsals", "prescale (or INFLUX_DATABASE)",
                    "1.x database; the 2.x/3.x bucket InfluxQL reads map to"),
            Key.of("influx.retentionpolicy", "week", "the database's default (or INFLUX_RETENTION_POLICY)",
                    "1.x retention policy written to and read from"),
            Key.of("influx.username", "prescale", "none (or INFLUX_USERNAME)", "1.x user"),
            Key.of("influx.password", "s3cret-pass", "none (or INFLUX_PASSWORD)",
                    "1.x password; never printed, passed to child JVMs in their environment"),
            Key.of("influx.token", "tok-0123456789abcdef", "none (or INFLUX_TOKEN)",
                    "2.x/3.x/Cloud API token; never printed"),
            Key.of("influx.org", "shop", "none (or INFLUX_ORG)", "2.x organisation for writes"),
            Key.of("influx.bucket", "prescale/autogen", "database/retentionpolicy (or INFLUX_BUCKET)",
                    "2.x bucket for writes"),
            Key.of("influx.api", "v1", "auto (or INFLUX_API)", "write API: auto (from the server's version), v1, v2"));

    /**
     * From Prescale's keys ({@code prescale.influx.url} and the rest of {@link #KEYS}, whichever channel set them),
     * falling back to the environment variables the InfluxDB CLIs read: {@code INFLUX_URL} (default
     * http://127.0.0.1:8086), {@code INFLUX_DATABASE} (default prescale), {@code INFLUX_RETENTION_POLICY},
     * {@code INFLUX_USERNAME}, {@code INFLUX_PASSWORD}, {@code INFLUX_TOKEN}, {@code INFLUX_ORG},
     * {@code INFLUX_BUCKET}, {@code INFLUX_API} (auto, v1, v2).
     *
     * @param properties {@code prescale.*} keys, matched in any case
     * @throws IllegalArgumentException naming the key, for an unknown API
     */
    public static InfluxConfig from(Map<String, String> properties, Map<String, String> env) {
        java.util.function.BiFunction<String, String, String> value = (key, variable) -> {
            for (Map.Entry<String, String> e : properties.entrySet()) {
                if (e.getKey().equalsIgnoreCase("prescale.influx." + key) && !e.getValue().isBlank()) {
                    return e.getValue().strip();
                }
            }
            return blank(env.get(variable));
        };
        String url = value.apply("url", "INFLUX_URL");
        String database = value.apply("database", "INFLUX_DATABASE");
        InfluxConfig base = of(url == null ? "http://127.0.0.1:8086" : url,
                database == null ? DEFAULT_DATABASE : database);
        String api = value.apply("api", "INFLUX_API");
        Api chosen;
        try {
            chosen = api == null ? Api.AUTO : Api.valueOf(api.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("influx.api='" + api + "' is not auto, v1 or v2", e);
        }
        return new InfluxConfig(base.url, base.database, value.apply("retentionpolicy", "INFLUX_RETENTION_POLICY"),
                value.apply("username", "INFLUX_USERNAME"), value.apply("password", "INFLUX_PASSWORD"),
                value.apply("token", "INFLUX_TOKEN"), value.apply("org", "INFLUX_ORG"),
                value.apply("bucket", "INFLUX_BUCKET"), chosen,
                base.bufferCapacity, base.batchSize, base.maxBackoff, base.spillFile);
    }

    /** From the {@code INFLUX_*} environment variables alone (see {@link #from}). */
    public static InfluxConfig fromEnvironment(Map<String, String> env) {
        return from(Map.of(), env);
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
