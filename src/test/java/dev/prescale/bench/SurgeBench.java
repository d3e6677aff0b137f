package dev.prescale.bench;

import dev.prescale.behaviour.GroupProfile;
import dev.prescale.behaviour.SurgeModel;
import dev.prescale.forecast.Series;
import dev.prescale.profile.RateTrace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark, not a test: how well the surge probability is calibrated on real history with surges. Each series is
 * summed per hour; a profile (hour-of-week and hour-of-day means, as behaviour profiles keep) is learned from its first
 * half, and every hour of the second half is an example: the deviation seen, and whether the next hour surged
 * ({@link SurgeModel#isSurge}: over 1.5 times the profile, significantly). The model is fitted on one set of series
 * (NASA July 1995 and four of NAB's tweet volumes) and reported on the others (the other four tweet volumes, NYC taxi,
 * the ELB request count), never seen in fitting: Brier score against a constant probability (the fit set's base rate;
 * the report set's own base rate, in hindsight, beside it) and the reliability curve. The fitted coefficients are what
 * {@link SurgeModel#PRIOR} holds.
 */
public final class SurgeBench {

    public static void main(String[] args) {
        Path data = Path.of("../shared/data");
        if (!Files.isDirectory(data)) {
            System.out.println("surge bench: ../shared/data is absent; nothing to measure");
            return;
        }
        Map<String, Path> fit = new LinkedHashMap<>();
        fit.put("nasa-jul1995", data.resolve("traces/nasa-kennedy-jul1995-per-minute.csv"));
        for (String t : new String[]{"AAPL", "CRM", "CVS", "FB"}) {
            fit.put("tweets-" + t, data.resolve("nab/realTweets/Twitter_volume_" + t + ".csv"));
        }
        Map<String, Path> report = new LinkedHashMap<>();
        for (String t : new String[]{"IBM", "KO", "PFE", "UPS"}) {
            report.put("tweets-" + t, data.resolve("nab/realTweets/Twitter_volume_" + t + ".csv"));
        }
        report.put("nyc-taxi", data.resolve("nab/realKnownCause/nyc_taxi.csv"));
        report.put("elb-requests", data.resolve("nab/realAWSCloudwatch/elb_request_count_8c0756.csv"));

        List<SurgeModel.Example> training = new ArrayList<>();
        fit.forEach((name, file) -> training.addAll(examples(name, file)));
        SurgeModel model = SurgeModel.fit(training, "SurgeBench fit set", 10, SurgeModel.PRIOR);
        double fitRate = training.stream().filter(SurgeModel.Example::surged).count() / (double) training.size();
        System.out.printf(Locale.ROOT, "%nfitted on %d hours of the fit set (%.1f%% surged): coefficients %s%n",
                training.size(), 100 * fitRate, java.util.Arrays.toString(model.coefficients()));
        System.out.printf("%n%-16s %6s %7s %9s %9s %9s%n", "fit set", "hours", "surged", "Brier", "constant",
                "hindsight");
        line("in-sample", training, model, fitRate);

        List<SurgeModel.Example> held = new ArrayList<>();
        System.out.printf("%n%-16s %6s %7s %9s %9s %9s%n", "report series", "hours", "surged", "Brier", "constant",
                "hindsight");
        report.forEach((name, file) -> {
            List<SurgeModel.Example> ex = examples(name, file);
            held.addAll(ex);
            line(name, ex, model, fitRate);
        });
        line("all held out", held, model, fitRate);

        double[] p = held.stream().mapToDouble(e -> model.probability(e.observed(), e.expected(), e.lift())).toArray();
        boolean[] y = surged(held);
        System.out.printf("%nreliability on the held-out series (10 bins of the probability given):%n%-12s %10s %10s "
                + "%8s%n", "bin", "mean p", "surged", "hours");
        double[][] curve = SurgeModel.reliability(p, y, 10);
        for (int b = 0; b < curve.length; b++) {
            if (curve[b][2] > 0) {
                System.out.printf(Locale.ROOT, "%.1f - %.1f %10.3f %10.3f %8.0f%n", b / 10.0, (b + 1) / 10.0,
                        curve[b][0], curve[b][1], curve[b][2]);
            }
        }
    }

    private static void line(String name, List<SurgeModel.Example> ex, SurgeModel model, double fitRate) {
        double[] p = ex.stream().mapToDouble(e -> model.probability(e.observed(), e.expected(), e.lift())).toArray();
        boolean[] y = surged(ex);
        double rate = ex.stream().filter(SurgeModel.Example::surged).count() / (double) Math.max(1, ex.size());
        double[] constant = new double[p.length];
        java.util.Arrays.fill(constant, fitRate);
        double[] hindsight = new double[p.length];
        java.util.Arrays.fill(hindsight, rate);
        System.out.printf(Locale.ROOT, "%-16s %6d %6.1f%% %9.4f %9.4f %9.4f%n", name, ex.size(), 100 * rate,
                SurgeModel.brier(p, y), SurgeModel.brier(constant, y), SurgeModel.brier(hindsight, y));
    }

    private static boolean[] surged(List<SurgeModel.Example> ex) {
        boolean[] y = new boolean[ex.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = ex.get(i).surged();
        }
        return y;
    }

    /** The second half's hours of a series as examples against a profile of its first half. */
    static List<SurgeModel.Example> examples(String name, Path file) {
        Series series = Series.fromTrace(RateTrace.read(file, name));
        double[] values = series.values();
        long step = series.step();
        long start = series.start();
        long firstHour = (start + 3599) / 3600;
        long lastHour = (start + step * values.length) / 3600;
        int hours = (int) (lastHour - firstHour);
        double[] sums = new double[Math.max(0, hours)];
        int[] points = new int[sums.length];
        for (int i = 0; i < values.length; i++) {
            long h = (start + step * i) / 3600 - firstHour;
            if (h >= 0 && h < hours && !Double.isNaN(values[i])) {
                sums[(int) h] += values[i];
                points[(int) h]++;
            }
        }
        int full = (int) Math.max(1, 3600 / step);
        for (int h = 0; h < sums.length; h++) {
            if (points[h] < full) {
                sums[h] = Double.NaN; // an hour with gaps is not a count of the hour
            }
        }
        int half = sums.length / 2;
        GroupProfile.Rates rates = GroupProfile.Rates.of(Instant.ofEpochSecond(firstHour * 3600),
                java.util.Arrays.stream(sums, 0, half).map(v -> Double.isNaN(v) ? 0 : v).toArray(), new double[half]);
        List<SurgeModel.Example> examples = new ArrayList<>();
        for (int h = half; h + 1 < sums.length; h++) {
            if (Double.isNaN(sums[h]) || Double.isNaN(sums[h + 1])) {
                continue;
            }
            Instant hour = Instant.ofEpochSecond((firstHour + h) * 3600);
            examples.add(new SurgeModel.Example(sums[h], rates.expectedRequests(hour), 1,
                    SurgeModel.isSurge(sums[h + 1], rates.expectedRequests(hour.plusSeconds(3600)))));
        }
        return examples;
    }
}
