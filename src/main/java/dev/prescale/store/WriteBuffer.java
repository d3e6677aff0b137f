package dev.prescale.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Delivers points to a server in batches from a background thread, so writers never wait on the network, and keeps
 * every point until the server confirms it: a failed batch stays at the head of the queue and is retried with
 * exponential backoff (100 ms doubling up to {@code maxBackoff}) for as long as it takes. The queue is bounded; points
 * beyond it are appended to a spill file in line protocol, with a warning naming the file, rather than dropped.
 */
public final class WriteBuffer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WriteBuffer.class);

    /** Sends one batch; throws {@link StoreException} when the server did not store it. */
    public interface Transport {
        void send(List<Point> batch);

        /** For log lines: where the points go. */
        String describe();
    }

    private final Transport transport;
    private final int capacity;
    private final int batchSize;
    private final Duration maxBackoff;
    private final Path spillFile;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Point> queue = new ArrayDeque<>();
    private final Thread flusher;
    private int inFlight;
    private long accepted;
    private long stored;
    private long retries;
    private long spilled;
    private String lastError;
    private boolean closed;

    /**
     * @param capacity  most points held in memory
     * @param batchSize most points per request
     * @param spillFile where points go that do not fit
     */
    public WriteBuffer(Transport transport, int capacity, int batchSize, Duration maxBackoff, Path spillFile) {
        this.transport = transport;
        this.capacity = capacity;
        this.batchSize = batchSize;
        this.maxBackoff = maxBackoff;
        this.spillFile = spillFile;
        this.flusher = new Thread(this::deliver, "prescale-store-writer");
        flusher.setDaemon(true);
        flusher.start();
    }

    public void add(Collection<Point> points) {
        List<Point> overflow = List.of();
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the store is closed; write before closing it");
            }
            accepted += points.size();
            int room = Math.max(0, capacity - queue.size() - inFlight);
            if (points.size() <= room) {
                queue.addAll(points);
            } else {
                List<Point> all = new ArrayList<>(points);
                queue.addAll(all.subList(0, room));
                overflow = all.subList(room, all.size());
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (!overflow.isEmpty()) {
            spill(overflow, "the write buffer is full (" + capacity + " points) while " + transport.describe()
                    + " is not keeping up or is away");
        }
    }

    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!queue.isEmpty() || inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.signalAll();
                changed.awaitNanos(Math.min(left, 50_000_000L));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    public WriteStats stats() {
        lock.lock();
        try {
            return new WriteStats(accepted, stored, queue.size() + inFlight, retries, spilled, lastError);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        boolean drained = flush(Duration.ofSeconds(5));
        List<Point> left;
        lock.lock();
        try {
            closed = true;
            left = new ArrayList<>(queue);
            queue.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        flusher.interrupt();
        try {
            flusher.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!drained && !left.isEmpty()) {
            spill(left, "the store closed while " + transport.describe() + " still had not taken them ("
                    + lastError + ")");
        }
    }

    private void deliver() {
        long backoffMillis = 100;
        String lastLogged = null;
        while (true) {
            List<Point> batch;
            lock.lock();
            try {
                while (queue.isEmpty() && !closed) {
                    changed.await();
                }
                if (closed) {
                    return;
                }
                batch = new ArrayList<>(Math.min(batchSize, queue.size()));
                for (int i = 0; i < batchSize && !queue.isEmpty(); i++) {
                    batch.add(queue.pollFirst());
                }
                inFlight = batch.size();
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            StoreException failure = null;
            try {
                transport.send(batch);
            } catch (StoreException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new StoreException(e.toString(), e);
            }
            StoreException rejectedBy = null;
            if (failure != null && rejected(failure)) {
                rejectedBy = failure;
                // the server read the batch and refused (part of) it: sending it again gets the same answer, so it
                // is kept in the spill file, named in the log, and delivery goes on with the rest
                try {
                    spill(batch, transport.describe() + " rejected the batch: " + failure.getMessage());
                    failure = null; // kept in the spill file: nothing to retry
                } catch (StoreException spillFailed) {
                    LOG.error("cannot keep rejected points [count={}]: {}", batch.size(), spillFailed.getMessage());
                }
            }
            lock.lock();
            try {
                inFlight = 0;
                if (failure == null && rejectedBy == null) {
                    stored += batch.size();
                } else if (failure == null) {
                    lastError = rejectedBy.getMessage(); // counted as spilled by spill()
                } else {
                    for (int i = batch.size() - 1; i >= 0; i--) {
                        queue.addFirst(batch.get(i)); // back at the head, in order
                    }
                    retries++;
                    lastError = failure.getMessage();
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            if (failure == null) {
                if (lastLogged != null) {
                    LOG.warn("writes to {} resumed [pending={}]", transport.describe(), stats().pending());
                    lastLogged = null;
                }
                backoffMillis = 100;
                continue;
            }
            if (!failure.getMessage().equals(lastLogged)) {
                LOG.warn("write to {} failed, keeping {} points and retrying with backoff: {}", transport.describe(),
                        stats().pending(), failure.getMessage());
                lastLogged = failure.getMessage();
            }
            try {
                Thread.sleep(backoffMillis);
            } catch (InterruptedException e) {
                return;
            }
            backoffMillis = Math.min(maxBackoff.toMillis(), backoffMillis * 2);
        }
    }

    /** HTTP 400 and 422: the points themselves were refused (InfluxDB's partial writes too); retrying cannot help. */
    private static boolean rejected(StoreException failure) {
        return failure.status() == 400 || failure.status() == 422;
    }

    private void spill(List<Point> points, String why) {
        StringBuilder lines = new StringBuilder(points.size() * 96);
        for (Point p : points) {
            lines.append(p.toLineProtocol()).append('\n');
        }
        try {
            Files.createDirectories(spillFile.toAbsolutePath().getParent());
            Files.writeString(spillFile, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new StoreException(points.size() + " points could not be buffered or spilled to " + spillFile
                    + " (" + e.getMessage() + "); free disk space or raise the buffer capacity", e);
        }
        lock.lock();
        try {
            spilled += points.size();
        } finally {
            lock.unlock();
        }
        LOG.warn("{} points saved to {} because {}; load them later with profile-db/influxdb.sh load DIR {} ms",
                points.size(), spillFile.toAbsolutePath(), why, spillFile.toAbsolutePath());
    }
}
