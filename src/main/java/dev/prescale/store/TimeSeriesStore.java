package dev.prescale.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where Prescale keeps time series: profiles, the business calendar, traffic history, every result of a run, and
 * later forecasts, anomalies and scaling actions (see {@code profile-db/SCHEMA.md}). Two implementations pass one
 * contract suite: {@link LineProtocolFileStore} (embedded default, no server) and the InfluxDB store in
 * {@code store.influx}.
 */
public interface TimeSeriesStore extends AutoCloseable {

    /**
     * Hands points over for storage. Never blocks on the server and never drops a point silently: if the server is
     * away, points wait in a bounded buffer and are retried with backoff; if the buffer is full they go to a spill
     * file, with a warning naming it.
     */
    void write(Collection<Point> points);

    default void write(Point point) {
        write(List.of(point));
    }

    /**
     * Waits until every point written so far is stored.
     *
     * @return true when all are stored, false when {@code timeout} passed first (they are still buffered)
     */
    boolean flush(Duration timeout);

    /**
     * Stored points of one measurement whose tags include {@code tags}, with time in [{@code from}, {@code to}),
     * oldest first.
     *
     * @throws StoreException when the store cannot be read, naming it and the fix
     */
    List<Point> read(String measurement, Map<String, String> tags, Instant from, Instant to);

    WriteStats stats();

    /** Flushes what it can within a few seconds, then releases the store; what is left goes to the spill file. */
    @Override
    void close();
}
