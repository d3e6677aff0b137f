package dev.prescale.forecast;

import org.tribuo.MutableDataset;
import org.tribuo.Model;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A learned regression forecaster (seed 004): a random forest of regression trees (Tribuo's CART) that maps what is known at
 * a forecast origin to the value some steps later. One model serves every horizon: each training row is an (origin,
 * target) pair from the history, with features
 * <ul>
 *     <li>how many steps ahead the target lies;</li>
 *     <li>the target's own time of day and day of week (calendar);</li>
 *     <li>the latest known value at the same time of day and at the same time of week before the target (the lags a
 *     seasonal-naive forecast uses, so the forest learns when to trust them);</li>
 *     <li>the level at the origin (mean of the last hour, of the last day) and its slope over the last hour.</li>
 * </ul>
 * Every value is divided by the history's mean, so the trees learn shapes and ratios rather than one series' units,
 * and zeros are ordinary values. Missing steps (NaN) are never targets, and a missing lag falls back to the level.
 *
 * <p>Intervals are empirical: the forest is fitted without the last {@code horizon} steps as targets (they still serve
 * as features), and the quantiles of its errors on them, forecast from their origin, widen the point forecast. One
 * fit serves both.
 * Trees do not extrapolate: a series that grows beyond anything in its history is forecast at its past peak's level.
 */
public final class LearnedForecaster implements Forecaster {

    private static final int DAY_SECONDS = 86_400;
    private static final int FEATURES = 9;
    private static final int MAX_DEPTH = 8;
    private static final String[] NAMES = {"ahead", "hourOfDay", "dayOfWeek", "lagDay", "lagWeek", "levelHour",
            "levelDay", "slopeHour", "lagDayRatio"};

    private final int trees;
    private final int rowsPerTree;
    private final long seed;

    /**
     * 10 trees of depth 8, each on its own 1,000 rows: fits and forecasts 20,160 one-minute steps in about 0.8 s here
     * (10 trees bootstrapping one 3,000-row sample took 2.7 s, with no better accuracy).
     */
    public LearnedForecaster() {
        this(10, 1_000, 17);
    }

    public LearnedForecaster(int trees, int rowsPerTree, long seed) {
        if (trees < 1 || rowsPerTree < 100) {
            throw new IllegalArgumentException("a forest needs at least one tree and 100 rows, but had " + trees
                    + " and " + rowsPerTree);
        }
        this.trees = trees;
        this.rowsPerTree = rowsPerTree;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "forest";
    }

    @Override
    public Forecast forecast(Series history, int horizon, double intervalWidth) {
        Intervals.z(intervalWidth); // refuses a width outside (0, 1)
        int day = (int) Math.max(1, DAY_SECONDS / history.step());
        int n = history.size();
        if (DAY_SECONDS % history.step() != 0 || n < 2 * day + 2 * horizon || history.observed() < day) {
            throw new ForecastException("the forest needs a step that divides a day and at least two days plus two "
                    + "horizons of history (" + (2 * day + 2 * horizon) + " steps), but had " + n + " steps of "
                    + history.step() + " s", "give it more history, or forecast a shorter horizon");
        }
        double[] y = history.values();
        double scale = Arrays.stream(y).filter(v -> !Double.isNaN(v)).average().orElse(0);
        if (!(scale > 0)) {
            throw new ForecastException("the forest needs some positive history to scale by", "give it history "
                    + "with traffic in it");
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = y[i] / scale;
        }
        Features f = new Features(v, history.start(), history.step(), day);
        int heldFrom = n - horizon; // targets from here on are held out to measure the forest's errors
        List<Model<Regressor>> forest = fit(f, heldFrom, horizon);

        // errors on the held-out stretch, forecast from its origin: their quantiles make the interval
        double[] errors = new double[horizon];
        int k = 0;
        for (int h = 1; h <= horizon; h++) {
            int target = heldFrom + h - 1;
            if (!Double.isNaN(v[target])) {
                errors[k++] = v[target] - predict(forest, f.row(heldFrom, target));
            }
        }
        if (k == 0) {
            throw new ForecastException("the last " + horizon + " steps of the history are all missing, so the "
                    + "forest's errors cannot be measured", "give it recent data");
        }
        Arrays.sort(errors, 0, k);
        double tail = (1 - intervalWidth) / 2;
        double below = errors[(int) Math.floor(tail * (k - 1))];
        double above = errors[(int) Math.ceil((1 - tail) * (k - 1))];

        double[] point = new double[horizon];
        double[] lower = new double[horizon];
        double[] upper = new double[horizon];
        for (int h = 1; h <= horizon; h++) {
            double p = Math.max(0, predict(forest, f.row(n, n + h - 1)));
            point[h - 1] = p * scale;
            lower[h - 1] = Math.min(point[h - 1], Math.max(0, (p + below) * scale));
            upper[h - 1] = Math.max(point[h - 1], (p + above) * scale);
        }
        return new Forecast(name(), history.start() + n * history.step(), history.step(), point, lower, upper,
                intervalWidth);
    }

    /**
     * The forest: each tree grown on its own draw of {@code rowsPerTree} (origin, target) pairs (subsampling rather
     * than bootstrapping one sample: Tribuo's trees grow faster than linearly in rows, so ten trees of 1,000 rows see
     * ten times the data of one 1,000-row bootstrap at the cost of a 3,000-row one).
     */
    private List<Model<Regressor>> fit(Features f, int targetsBefore, int horizon) {
        Random random = new Random(seed);
        int firstOrigin = f.day; // a day of lags behind every origin
        int origins = Math.max(0, targetsBefore - firstOrigin);
        long candidates = (long) origins * horizon; // (origin, steps ahead) pairs, some with targets past the end
        List<Model<Regressor>> forest = new ArrayList<>(trees);
        for (int t = 0; t < trees; t++) {
            RegressionFactory factory = new RegressionFactory();
            MutableDataset<Regressor> data = new MutableDataset<>(new SimpleDataSourceProvenance("history",
                    Instant.EPOCH.atOffset(ZoneOffset.UTC), factory), factory);
            if (candidates <= rowsPerTree) { // few pairs: every tree sees them all, and differs by its features
                for (int origin = firstOrigin; origin < targetsBefore; origin++) {
                    for (int target = origin; target < Math.min(targetsBefore, origin + horizon); target++) {
                        add(data, f, origin, target);
                    }
                }
            } else { // draw pairs rather than walk them all: a month of minutes a day ahead is 40 million pairs
                for (int draw = 0; draw < 2 * rowsPerTree && data.size() < rowsPerTree; draw++) {
                    int origin = firstOrigin + random.nextInt(origins);
                    int target = origin + random.nextInt(horizon);
                    if (target < targetsBefore) {
                        add(data, f, origin, target);
                    }
                }
            }
            if (data.size() < 50) {
                throw new ForecastException("the forest found only " + data.size() + " training rows", "give it "
                        + "more observed history");
            }
            forest.add(new CARTRegressionTrainer(MAX_DEPTH, 5f, 0.0f, 0.7f, new MeanSquaredError(), seed + t)
                    .train(data));
        }
        return forest;
    }

    private static void add(MutableDataset<Regressor> data, Features f, int origin, int target) {
        if (!Double.isNaN(f.v[target])) {
            data.add(new ArrayExample<>(new Regressor("y", f.v[target]), NAMES, f.row(origin, target)));
        }
    }

    private static double predict(List<Model<Regressor>> forest, double[] row) {
        ArrayExample<Regressor> example = new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, NAMES, row);
        double sum = 0;
        for (Model<Regressor> tree : forest) {
            sum += tree.predict(example).getOutput().getValues()[0];
        }
        return sum / forest.size();
    }

    /** The features of (origin, target) pairs over one scaled history. */
    private static final class Features {
        final double[] v;
        final long start;
        final long step;
        final int day;
        final int hour;

        Features(double[] v, long start, long step, int day) {
            this.v = v;
            this.start = start;
            this.step = step;
            this.day = day;
            this.hour = Math.max(1, day / 24);
        }

        /** Known at {@code origin} (values before it), about {@code target} (at or after it). */
        double[] row(int origin, int target) {
            ZonedDateTime at = Instant.ofEpochSecond(start + target * step).atZone(ZoneOffset.UTC);
            double levelHour = mean(origin - hour, origin);
            double levelDay = mean(origin - day, origin);
            double before = mean(origin - 2 * hour, origin - hour);
            double level = Double.isNaN(levelHour) ? (Double.isNaN(levelDay) ? 0 : levelDay) : levelHour;
            double lagDay = lag(origin, target, day, level);
            double lagWeek = lag(origin, target, 7 * day, lagDay);
            double[] row = new double[FEATURES];
            row[0] = target - origin + 1;
            row[1] = at.getHour() + at.getMinute() / 60.0;
            row[2] = at.getDayOfWeek().getValue();
            row[3] = lagDay;
            row[4] = lagWeek;
            row[5] = level;
            row[6] = Double.isNaN(levelDay) ? level : levelDay;
            row[7] = Double.isNaN(before) ? 0 : level - before;
            row[8] = level > 0 ? lagDay / level : 1;
            return row;
        }

        /** The latest value one or more seasons before {@code target} that lies before {@code origin}. */
        private double lag(int origin, int target, int season, double fallback) {
            for (int i = target - season; i >= 0; i -= season) {
                if (i < origin && i < v.length && !Double.isNaN(v[i])) {
                    return v[i];
                }
            }
            return fallback;
        }

        /** Mean of the observed values in [from, to). */
        private double mean(int from, int to) {
            double sum = 0;
            int n = 0;
            for (int i = Math.max(0, from); i < Math.min(to, v.length); i++) {
                if (!Double.isNaN(v[i])) {
                    sum += v[i];
                    n++;
                }
            }
            return n == 0 ? Double.NaN : sum / n;
        }
    }
}
