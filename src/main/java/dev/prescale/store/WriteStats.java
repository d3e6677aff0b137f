package dev.prescale.store;

/**
 * What became of the points written to a store so far.
 *
 * @param accepted  points handed to {@link TimeSeriesStore#write}
 * @param stored    points the server (or file) confirmed
 * @param pending   points waiting in the buffer
 * @param retries   failed attempts that were retried
 * @param spilled   points that did not fit the buffer and were saved to the spill file instead (never dropped)
 * @param lastError the last delivery error, or null
 */
public record WriteStats(long accepted, long stored, long pending, long retries, long spilled, String lastError) {
}
