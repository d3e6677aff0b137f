package dev.prescale.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The embedded default store: line-protocol files on disk, one per measurement, so the main job needs no server and
 * its results can be loaded into InfluxDB later as they are. Reads the read-only seed files of
 * {@code profile-db/seed} (second precision) and the files it writes itself under a data folder ({@code target/...},
 * millisecond precision). Writes are synchronous appends. Thread-safe.
 */
public final class LineProtocolFileStore implements TimeSeriesStore {

    /** Seed files are written by hand, so at second precision. */
    public static final long SEED_PRECISION_NANOS = 1_000_000_000L;

    private final List<Path> seedFiles;
    private final Path dataFolder;
    private long written;

    /**
     * @param seedFolder folder of {@code *.lp} seed files (may be null or absent)
     * @param dataFolder folder to write {@code <measurement>.lp} files in; created if needed
     */
    public LineProtocolFileStore(Path seedFolder, Path dataFolder) {
        this.dataFolder = dataFolder;
        try {
            Files.createDirectories(dataFolder);
            this.seedFiles = seedFolder == null || !Files.isDirectory(seedFolder) ? List.of()
                    : listLp(seedFolder);
        } catch (IOException e) {
            throw new StoreException("cannot prepare the file store in " + dataFolder + " (" + e.getMessage()
                    + "); check the folder is writable", e);
        }
        for (Path seed : seedFiles) { // fail at start, with the line, not on first read
            readFile(seed, SEED_PRECISION_NANOS);
        }
    }

    @Override
    public synchronized void write(Collection<Point> points) {
        Map<String, StringBuilder> byMeasurement = new LinkedHashMap<>();
        for (Point p : points) {
            byMeasurement.computeIfAbsent(p.measurement(), m -> new StringBuilder()).append(p.toLineProtocol())
                    .append('\n');
        }
        try {
            for (Map.Entry<String, StringBuilder> e : byMeasurement.entrySet()) {
                Files.writeString(fileOf(e.getKey()), e.getValue(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new StoreException("cannot append to " + dataFolder + " (" + e.getMessage()
                    + "); check free space and permissions", e);
        }
        written += points.size();
    }

    @Override
    public boolean flush(Duration timeout) {
        return true;
    }

    @Override
    public synchronized List<Point> read(String measurement, Map<String, String> tags, Instant from, Instant to) {
        Map<List<Object>, Point> result = new LinkedHashMap<>(); // by tags and time: a rewrite updates, as in InfluxDB
        List<Path> sources = new ArrayList<>(seedFiles);
        sources.add(fileOf(measurement));
        for (Path file : sources) {
            if (!Files.exists(file)) {
                continue;
            }
            long precision = seedFiles.contains(file) ? SEED_PRECISION_NANOS : 1_000_000L;
            for (Point p : readFile(file, precision)) {
                if (p.measurement().equals(measurement) && p.tags().entrySet().containsAll(tags.entrySet())
                        && !p.time().isBefore(from) && p.time().isBefore(to)) {
                    result.merge(List.of(p.tags(), p.time()), p, LineProtocolFileStore::update);
                }
            }
        }
        List<Point> sorted = new ArrayList<>(result.values());
        sorted.sort(Comparator.comparing(Point::time));
        return sorted;
    }

    /** A point written again with the same tags and time: its fields are merged, the newer value winning. */
    private static Point update(Point older, Point newer) {
        Map<String, Object> fields = new LinkedHashMap<>(older.fields());
        fields.putAll(newer.fields());
        return new Point(newer.measurement(), newer.tags(), fields, newer.time());
    }

    @Override
    public synchronized WriteStats stats() {
        return new WriteStats(written, written, 0, 0, 0, null);
    }

    @Override
    public void close() {
    }

    private Path fileOf(String measurement) {
        return dataFolder.resolve(measurement.replaceAll("[^A-Za-z0-9_.-]", "_") + ".lp");
    }

    private static List<Point> readFile(Path file, long precision) {
        try {
            return LineProtocol.parseAll(Files.readAllLines(file, StandardCharsets.UTF_8), precision, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static List<Path> listLp(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".lp")).sorted().toList();
        }
    }
}
