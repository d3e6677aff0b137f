package dev.prescale.anomaly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Numenta Anomaly Benchmark data (files of {@code timestamp,value} and {@code windows.json}) and the benchmark run on
 * it: every detector scores every file from a fresh start; one threshold per detector and profile is chosen for the
 * whole corpus (NAB's threshold optimisation: the one maximising the summed score), and the summed score is
 * normalised so that the detector that never fires scores 0 and a perfect one 100.
 */
public final class NabCorpus {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

    /** One labelled file: its rows and windows (row indices). */
    public record LabelledSeries(String name, long[] times, double[] values, List<NabFile.Window> windows) {
    }

    /** A detector's result under one profile: its corpus threshold, normalised score, and counts at that threshold. */
    public record ProfileResult(NabProfile profile, double threshold, double normalised, int truePositives,
                                int falsePositives, int missed) {
    }

    /**
     * A detector's results under every profile, and how fast it scored. {@code heldOut} is the same score with each
     * half of the files (alternate files in name order) scored at the threshold chosen on the other half: what the
     * corpus threshold is worth on files it was not chosen on.
     */
    public record DetectorResult(String detector, List<ProfileResult> profiles, List<ProfileResult> heldOut,
                                 long points, double pointsPerSecond) {

        public ProfileResult profile(NabProfile p) {
            return profiles.stream().filter(r -> r.profile().equals(p)).findFirst().orElseThrow();
        }

        public ProfileResult heldOut(NabProfile p) {
            return heldOut.stream().filter(r -> r.profile().equals(p)).findFirst().orElseThrow();
        }
    }

    private NabCorpus() {
    }

    /** Reads every file {@code windows.json} in {@code folder} names. */
    public static List<LabelledSeries> load(Path folder) {
        return load(folder, name -> true);
    }

    /** The files of the corpus in {@code folder} whose names ({@code category/file.csv}) {@code wanted} accepts. */
    public static List<LabelledSeries> load(Path folder, java.util.function.Predicate<String> wanted) {
        Path labels = folder.resolve("windows.json");
        JsonNode windows;
        try {
            windows = new ObjectMapper().readTree(labels.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read NAB labels " + labels + ": " + e.getMessage()
                    + " (expected NAB's combined_windows.json format: {\"dir/file.csv\": [[start, end], ...]})", e);
        }
        List<LabelledSeries> all = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = windows.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (wanted.test(e.getKey())) {
                all.add(read(folder.resolve(e.getKey()), e.getKey(), e.getValue()));
            }
        }
        return all;
    }

    private static LabelledSeries read(Path file, String name, JsonNode labelled) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read NAB file " + file + " named in windows.json", e);
        }
        long[] times = new long[lines.size() - 1];
        double[] values = new double[times.length];
        for (int i = 1; i < lines.size(); i++) {
            String[] parts = lines.get(i).split(",");
            times[i - 1] = seconds(parts[0].strip());
            values[i - 1] = Double.parseDouble(parts[1].strip());
        }
        List<NabFile.Window> windows = new ArrayList<>();
        for (JsonNode w : labelled) {
            long start = seconds(w.get(0).asText());
            long end = seconds(w.get(1).asText());
            int first = 0;
            while (first < times.length && times[first] < start) {
                first++;
            }
            int last = times.length - 1;
            while (last >= 0 && times[last] > end) {
                last--;
            }
            if (first <= last) {
                windows.add(new NabFile.Window(first, last));
            }
        }
        return new LabelledSeries(name, times, values, windows);
    }

    private static long seconds(String text) {
        return LocalDateTime.parse(text, TIME).toEpochSecond(ZoneOffset.UTC);
    }

    /** Runs a fresh detector from {@code factory} over each file and scores the corpus under every NAB profile. */
    public static DetectorResult evaluate(Supplier<AnomalyDetector> factory, List<LabelledSeries> corpus) {
        List<double[]> scores = new ArrayList<>();
        long points = 0;
        long nanos = 0;
        String name = null;
        for (LabelledSeries s : corpus) {
            AnomalyDetector d = factory.get();
            name = d.name();
            double[] out = new double[s.values().length];
            long start = System.nanoTime();
            for (int i = 0; i < out.length; i++) {
                out[i] = d.score(s.times()[i], s.values()[i], Double.NaN);
            }
            nanos += System.nanoTime() - start;
            points += out.length;
            scores.add(out);
        }
        List<ProfileResult> results = new ArrayList<>();
        List<ProfileResult> heldOut = new ArrayList<>();
        for (NabProfile profile : NabProfile.ALL) {
            results.add(optimise(profile, corpus, scores));
            heldOut.add(twoFold(profile, corpus, scores));
        }
        return new DetectorResult(name, results, heldOut, points, points / (nanos / 1e9));
    }

    /**
     * The corpus score when the even-numbered files (in name order) are scored at the threshold optimised on the odd
     * ones and the other way round; normalised against the whole corpus like {@link #optimise}. The threshold reported
     * is the one chosen on the odd files.
     */
    static ProfileResult twoFold(NabProfile profile, List<LabelledSeries> corpus, List<double[]> scores) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i++) {
            order.add(i);
        }
        order.sort(java.util.Comparator.comparing(i -> corpus.get(i).name()));
        List<List<Integer>> halves = List.of(new ArrayList<>(), new ArrayList<>());
        for (int k = 0; k < order.size(); k++) {
            halves.get(k % 2).add(order.get(k));
        }
        double raw = 0;
        double none = 0;
        double perfect = 0;
        int tp = 0;
        int fp = 0;
        int fn = 0;
        double reported = Double.NaN;
        for (int h = 0; h < 2; h++) {
            List<Integer> chosenOn = halves.get(1 - h);
            if (chosenOn.isEmpty()) {
                continue;
            }
            double threshold = optimise(profile, chosenOn.stream().map(corpus::get).toList(),
                    chosenOn.stream().map(scores::get).toList()).threshold();
            reported = h == 0 ? threshold : reported;
            for (int f : halves.get(h)) {
                NabFile file = new NabFile(corpus.get(f).name(), corpus.get(f).values().length,
                        corpus.get(f).windows(), profile);
                NabFile.Result r = file.score(scores.get(f), threshold);
                raw += r.score();
                none += file.nullScore();
                perfect += file.perfectScore();
                tp += r.truePositives();
                fp += r.falsePositives();
                fn += r.missed();
            }
        }
        double normalised = perfect == none ? 0 : 100 * (raw - none) / (perfect - none);
        return new ProfileResult(profile, reported, normalised, tp, fp, fn);
    }

    /** NAB's threshold optimisation: the threshold whose corpus-wide score is highest, and that score normalised. */
    static ProfileResult optimise(NabProfile profile, List<LabelledSeries> corpus, List<double[]> scores) {
        List<NabFile> files = new ArrayList<>();
        List<NabFile.Sweep> sweeps = new ArrayList<>();
        TreeSet<Double> candidates = new TreeSet<>();
        double none = 0;
        double perfect = 0;
        for (int f = 0; f < corpus.size(); f++) {
            NabFile file = new NabFile(corpus.get(f).name(), corpus.get(f).values().length, corpus.get(f).windows(),
                    profile);
            NabFile.Sweep sweep = file.sweep(scores.get(f));
            for (double t : sweep.thresholds()) {
                if (Double.isFinite(t)) {
                    candidates.add(t);
                }
            }
            files.add(file);
            sweeps.add(sweep);
            none += file.nullScore();
            perfect += file.perfectScore();
        }
        candidates.add(Double.POSITIVE_INFINITY); // never fire
        double bestThreshold = Double.POSITIVE_INFINITY;
        double best = Double.NEGATIVE_INFINITY;
        for (double t : candidates) {
            double total = 0;
            for (NabFile.Sweep sweep : sweeps) {
                total += sweep.scoreAt(t);
            }
            if (total > best) {
                best = total;
                bestThreshold = t;
            }
        }
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (int f = 0; f < files.size(); f++) {
            NabFile.Result r = files.get(f).score(scores.get(f), bestThreshold);
            tp += r.truePositives();
            fp += r.falsePositives();
            fn += r.missed();
        }
        double normalised = perfect == none ? 0 : 100 * (best - none) / (perfect - none);
        return new ProfileResult(profile, bestThreshold, normalised, tp, fp, fn);
    }
}
