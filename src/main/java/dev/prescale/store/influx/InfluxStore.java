package dev.prescale.store.influx;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.InfluxQLQuery;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.exceptions.InfluxException;
import com.influxdb.query.InfluxQLQueryResult;
import dev.prescale.store.Point;
import dev.prescale.store.StoreException;
import dev.prescale.store.TimeSeriesStore;
import dev.prescale.store.WriteBuffer;
import dev.prescale.store.WriteStats;
import okhttp3.OkHttpClient;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The InfluxDB store. Reads with InfluxQL through influxdb-client-java's {@code InfluxQLQueryApi} (the one query
 * language InfluxDB 1.x, 2.x with DBRP mappings and 3.x all answer). Writes through a {@link WriteBuffer}: to
 * {@code /write} on 1.x, which has no v2 API, and through the client's {@code WriteApi} ({@code /api/v2/write}) on
 * 2.x, 3.x and Cloud; which one is configured, or read from the server's {@code X-Influxdb-Version}.
 *
 * <p>{@link #connect} checks the server before anything is buffered, so a wrong URL, wrong credentials or a missing
 * database fail at once with the fix, rather than as a growing retry queue.
 */
public final class InfluxStore implements TimeSeriesStore {

    /**
     * The client warns "already exhausted" whenever a query has no rows, which for Prescale is an ordinary answer
     * (no results yet); kept referenced so the level sticks.
     */
    private static final java.util.logging.Logger QUIET_EMPTY_ANSWERS =
            java.util.logging.Logger.getLogger("com.influxdb.internal.AbstractQueryApi");

    static {
        QUIET_EMPTY_ANSWERS.setLevel(java.util.logging.Level.SEVERE);
    }

    private final InfluxConfig config;
    private final InfluxConfig.Api api;
    private final String serverVersion;
    private final HttpClient http;
    private final InfluxDBClient client;
    private final WriteBuffer buffer;

    private InfluxStore(InfluxConfig config, InfluxConfig.Api api, String serverVersion, HttpClient http) {
        this.config = config;
        this.api = api;
        this.serverVersion = serverVersion;
        this.http = http;
        this.client = InfluxDBClientFactory.create(clientOptions(config));
        WriteBuffer.Transport transport = api == InfluxConfig.Api.V1 ? new V1Transport() : new V2Transport();
        this.buffer = new WriteBuffer(transport, config.bufferCapacity(), config.batchSize(), config.maxBackoff(),
                config.spillFile());
    }

    /**
     * Connects and checks the server: reachable, credentials accepted, database present (1.x).
     *
     * @throws StoreException naming the URL or database and the fix
     */
    public static InfluxStore connect(InfluxConfig config) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String version = ping(config, http);
        InfluxConfig.Api api = config.api() != InfluxConfig.Api.AUTO ? config.api()
                : version != null && version.startsWith("1.") ? InfluxConfig.Api.V1 : InfluxConfig.Api.V2;
        InfluxStore store = new InfluxStore(config, api, version, http);
        if (api == InfluxConfig.Api.V1) {
            try {
                store.checkDatabase();
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
        }
        return store;
    }

    /** The server's version from {@code /ping}, e.g. "1.6.7~rc0". */
    public String serverVersion() {
        return serverVersion;
    }

    public InfluxConfig.Api api() {
        return api;
    }

    @Override
    public void write(Collection<Point> points) {
        buffer.add(points);
    }

    @Override
    public boolean flush(Duration timeout) {
        return buffer.flush(timeout);
    }

    @Override
    public WriteStats stats() {
        return buffer.stats();
    }

    @Override
    public List<Point> read(String measurement, Map<String, String> tags, Instant from, Instant to) {
        // tags come back as ordinary columns, told apart by SHOW TAG KEYS: the client's parser of GROUP BY tag sets
        // splits escaped commas in tag values
        java.util.Set<String> tagKeys = new java.util.HashSet<>();
        for (InfluxQLQueryResult.Series s : query("SHOW TAG KEYS FROM " + qualified(measurement))) {
            s.getValues().forEach(r -> tagKeys.add(String.valueOf(r.getValues()[0])));
        }
        StringBuilder q = new StringBuilder("SELECT * FROM ").append(qualified(measurement))
                .append(" WHERE time >= ").append(from.toEpochMilli()).append("ms AND time < ")
                .append(to.toEpochMilli()).append("ms");
        tags.forEach((k, v) -> q.append(" AND ").append(identifier(k)).append(" = ").append(literal(v)));
        List<Point> points = new ArrayList<>();
        InfluxQLQueryResult.Series.ValueExtractor extractor = (column, raw, index, name) ->
                tagKeys.contains(column) ? (raw == null || raw.isEmpty() ? null : raw) : typed(column, raw, index, name);
        for (InfluxQLQueryResult.Series series : query(q.toString(), extractor)) {
            for (InfluxQLQueryResult.Series.Record record : series.getValues()) {
                Map<String, String> pointTags = new LinkedHashMap<>();
                Map<String, Object> fields = new LinkedHashMap<>();
                Instant time = null;
                for (Map.Entry<String, Integer> column : series.getColumns().entrySet()) {
                    Object value = record.getValues()[column.getValue()];
                    if (column.getKey().equals("time")) {
                        time = Instant.ofEpochMilli((Long) value);
                    } else if (value == null) {
                        continue;
                    } else if (tagKeys.contains(column.getKey())) {
                        if (!"".equals(value)) { // a point without this tag: InfluxDB may answer "" for it
                            pointTags.put(column.getKey(), String.valueOf(value));
                        }
                    } else {
                        fields.put(column.getKey(), value);
                    }
                }
                points.add(new Point(measurement, pointTags, fields, time));
            }
        }
        points.sort(Comparator.comparing(Point::time));
        return points;
    }

    /**
     * Runs an InfluxQL statement against the configured database and returns its series (empty when none).
     *
     * @throws StoreException with the statement, the server's error and the fix
     */
    public List<InfluxQLQueryResult.Series> query(String influxQl) {
        return query(influxQl, InfluxStore::typed);
    }

    private List<InfluxQLQueryResult.Series> query(String influxQl, InfluxQLQueryResult.Series.ValueExtractor values) {
        InfluxQLQuery query = new InfluxQLQuery(influxQl, config.database())
                .setPrecision(InfluxQLQuery.InfluxQLPrecision.MILLISECONDS);
        if (config.retentionPolicy() != null) {
            query.setRetentionPolicy(config.retentionPolicy());
        }
        InfluxQLQueryResult result;
        try {
            // CSV, not JSON: the client's JSON reader fails on the nulls a SELECT * over sparse fields returns
            result = client.getInfluxQLQueryApi().queryCSV(query, values);
        } catch (InfluxException e) {
            throw failure("query '" + influxQl + "'", e.status(), e.getMessage(), e);
        } catch (RuntimeException e) {
            throw failure("query '" + influxQl + "'", 0, e.toString(), e);
        }
        List<InfluxQLQueryResult.Series> series = new ArrayList<>();
        if (result != null) {
            for (InfluxQLQueryResult.Result r : result.getResults()) {
                series.addAll(r.getSeries());
            }
        }
        return series;
    }

    /**
     * The client hands every CSV value over as text; numbers and booleans are told apart by their form. A string field
     * holding only digits comes back as a number, which no Prescale measurement has.
     */
    private static Object typed(String column, String raw, int resultIndex, String seriesName) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        if (column.equals("time")) {
            return Long.parseLong(raw);
        }
        if (raw.equals("true") || raw.equals("false")) {
            return Boolean.parseBoolean(raw);
        }
        if (raw.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?")) {
            return Double.parseDouble(raw);
        }
        return raw;
    }

    @Override
    public void close() {
        buffer.close();
        client.close();
    }

    private void checkDatabase() {
        List<String> names = query("SHOW DATABASES").stream().flatMap(s -> s.getValues().stream())
                .map(r -> String.valueOf(r.getValues()[0])).toList();
        if (!names.contains(config.database())) {
            throw new StoreException("database '" + config.database() + "' does not exist on " + config.url()
                    + " (it has " + names + "). Fix: start InfluxDB with profile-db/influxdb.sh, which creates it,"
                    + " or run CREATE DATABASE \"" + config.database() + "\"", 404, false, null);
        }
    }

    private String qualified(String measurement) {
        return config.retentionPolicy() == null ? identifier(measurement)
                : identifier(config.database()) + "." + identifier(config.retentionPolicy()) + "."
                + identifier(measurement);
    }

    private StoreException failure(String what, int status, String detail, Throwable cause) {
        String fix = switch (status) {
            case 401, 403 -> "the server refused the credentials; set INFLUX_USERNAME/INFLUX_PASSWORD (1.x) or "
                    + "INFLUX_TOKEN (2.x, 3.x) to ones it accepts";
            case 404 -> "check the database/bucket '" + config.database() + "' exists";
            case 0 -> "check InfluxDB is running at " + config.url() + " (profile-db/influxdb.sh start DIR)";
            default -> status >= 500 ? "the server failed; it is retried" : "check the request";
        };
        boolean retryable = status == 0 || status == 429 || status >= 500;
        return new StoreException(what + " on " + config.url() + " failed" + (status > 0 ? " with HTTP " + status
                : "") + ": " + detail + ". Fix: " + fix, status, retryable, cause);
    }

    private static String ping(InfluxConfig config, HttpClient http) {
        HttpRequest ping = HttpRequest.newBuilder(config.url().resolve("/ping")).timeout(Duration.ofSeconds(5)).GET()
                .build();
        try {
            HttpResponse<Void> response = http.send(ping, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 204 && response.statusCode() != 200) {
                throw new StoreException("InfluxDB at " + config.url() + " answered /ping with HTTP "
                        + response.statusCode() + ". Fix: check INFLUX_URL points at InfluxDB", response.statusCode(),
                        false, null);
            }
            return response.headers().firstValue("X-Influxdb-Version").orElse(null);
        } catch (IOException e) {
            throw new StoreException("InfluxDB at " + config.url() + " is unreachable (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "). Fix: start it with "
                    + "profile-db/influxdb.sh start DIR, or set INFLUX_URL to where it runs", 0, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while reaching " + config.url(), e);
        }
    }

    private static InfluxDBClientOptions clientOptions(InfluxConfig config) {
        OkHttpClient.Builder okHttp = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30));
        if (config.username() != null) { // 1.x: basic auth; the client's own login uses the 2.x sign-in API
            String basic = basicAuth(config);
            okHttp.addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
                    .header("Authorization", basic).build()));
        }
        InfluxDBClientOptions.Builder options = InfluxDBClientOptions.builder().url(config.url().toString())
                .okHttpClient(okHttp).org(config.org()).bucket(config.writeBucket());
        if (config.token() != null) {
            options.authenticateToken(config.token().toCharArray());
        }
        return options.build();
    }

    private static String basicAuth(InfluxConfig config) {
        String secret = config.username() + ":" + (config.password() == null ? "" : config.password());
        return "Basic " + Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
    }

    private static String identifier(String name) {
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String body(List<Point> batch) {
        return batch.stream().map(Point::toLineProtocol).collect(Collectors.joining("\n"));
    }

    /** 1.x: POST /write?db=...&rp=...&precision=ms. */
    private final class V1Transport implements WriteBuffer.Transport {
        private final URI endpoint;

        V1Transport() {
            String query = "db=" + URLEncoder.encode(config.database(), StandardCharsets.UTF_8) + "&precision=ms"
                    + (config.retentionPolicy() == null ? ""
                    : "&rp=" + URLEncoder.encode(config.retentionPolicy(), StandardCharsets.UTF_8));
            this.endpoint = config.url().resolve("/write?" + query);
        }

        @Override
        public void send(List<Point> batch) {
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "text/plain; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(body(batch)));
            if (config.username() != null) {
                request.header("Authorization", basicAuth(config));
            }
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 != 2) {
                    throw failure("write of " + batch.size() + " points", response.statusCode(),
                            response.body().strip(), null);
                }
            } catch (IOException e) {
                throw failure("write of " + batch.size() + " points", 0, e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted while writing to " + config.url(), e);
            }
        }

        @Override
        public String describe() {
            return "InfluxDB " + config.url() + " (1.x /write, db " + config.database() + ")";
        }
    }

    /** 2.x, 3.x, Cloud: influxdb-client-java's WriteApi to /api/v2/write. */
    private final class V2Transport implements WriteBuffer.Transport {
        private final WriteApiBlocking writer = client.getWriteApiBlocking();

        @Override
        public void send(List<Point> batch) {
            try {
                writer.writeRecords(config.writeBucket(), config.org(), WritePrecision.MS,
                        batch.stream().map(Point::toLineProtocol).toList());
            } catch (InfluxException e) {
                throw failure("write of " + batch.size() + " points", e.status(), e.getMessage(), e);
            }
        }

        @Override
        public String describe() {
            return "InfluxDB " + config.url() + " (v2 write API, bucket " + config.writeBucket() + ")";
        }
    }
}
