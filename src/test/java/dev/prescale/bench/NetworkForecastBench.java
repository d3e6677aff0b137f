package dev.prescale.bench;

import dev.prescale.forecast.Backtest;
import dev.prescale.forecast.Calibrated;
import dev.prescale.forecast.Forecast;
import dev.prescale.forecast.Forecaster;
import dev.prescale.forecast.ProphetModel;
import dev.prescale.forecast.SeasonalNaive;
import dev.prescale.forecast.Series;
import dev.prescale.signature.AccessLog;
import dev.prescale.signature.Sources;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Benchmark, not a test: network demand from a real access log (two days of a public Apache site, 4,525 requests),
 * forecast with an 80% interval. Every line of the log falls in minute 05 of its hour (it is a sample: one minute an
 * hour), so 10-minute steps would be five empty ones and a full one by construction; the step is the hour, each
 * holding that hour's sampled minute. 38 hourly steps are too few for Prophet (50 observed values at least) and for
 * a day ahead with a calibrated interval (it holds out twice the horizon), so what this log supports is daily
 * seasonal-naive with a conformal 80% interval: backtested on the last 6 hours from the 32 before, then its forecast
 * of the 12 hours after the log. No setting is chosen on this data. The same pipeline runs day-ahead on longer
 * history (see ForecastBench); the figures here say how little two sampled days allow.
 */
public final class NetworkForecastBench {

    static final int STEP = 3_600;
    static final int DAY = 86_400 / STEP;

    public static void main(String[] args) throws Exception {
        Path log = Path.of("../shared/data/logs/apache-combined-may17-18-2015.log");
        if (!Files.isRegularFile(log)) {
            System.out.println("network forecast bench: " + log + " is absent; nothing to measure");
            return;
        }
        AccessLog.Result read = AccessLog.read(log);
        Map<String, Long> bySource = new TreeMap<>();
        read.entries().forEach(e -> bySource.merge(Sources.of(e.userAgent()), e.bytes(), Long::sum));
        List<AccessLog.Entry> entries = read.entries();
        long first = entries.stream().mapToLong(e -> e.time().getEpochSecond()).min().orElseThrow() / STEP * STEP;
        long last = entries.stream().mapToLong(e -> e.time().getEpochSecond()).max().orElseThrow() / STEP * STEP
                + STEP;
        double[] bytes = new double[(int) ((last - first) / STEP)];
        for (AccessLog.Entry e : entries) {
            long s = e.time().getEpochSecond();
            if (s >= first && s < last) {
                bytes[(int) ((s - first) / STEP)] += e.bytes();
            }
        }
        Series series = new Series(first, STEP, bytes);
        System.out.printf(Locale.ROOT, "network forecast bench: %d requests (%d lines malformed), %d hourly steps "
                        + "from %s; bytes by source class: %s%n", entries.size(), read.malformed(),
                bytes.length, Instant.ofEpochSecond(first), bySource);

        List<Forecaster> models = List.of(new Calibrated(new SeasonalNaive(DAY)), new SeasonalNaive(DAY),
                new Calibrated(new ProphetModel()));
        List<Backtest.Row> rows = Backtest.run(series, models, 6, 1, DAY, 0.8);
        System.out.println("\nthe last 6 hours from the 32 before (out of sample; MASE against daily seasonal-naive):");
        System.out.print(Backtest.table(rows, 0.8));

        int ahead = 12;
        Forecast next = new Calibrated(new SeasonalNaive(DAY)).forecast(series, ahead, 0.8);
        System.out.printf(Locale.ROOT, "%nthe %d hours after the log, %s (MB sent in each hour's sampled "
                + "minute; 80%% interval):%n", ahead, next.model());
        for (int h = 0; h < ahead; h++) {
            System.out.printf(Locale.ROOT, "  %s  %7.1f  [%7.1f, %7.1f]%n",
                    Instant.ofEpochSecond(next.start() + (long) h * STEP), next.point()[h] / 1e6,
                    Math.max(0, next.lower()[h]) / 1e6, next.upper()[h] / 1e6);
        }
    }
}
