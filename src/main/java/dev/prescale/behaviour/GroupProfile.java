package dev.prescale.behaviour;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How one group of users behaves: when it comes (requests and sessions by hour of day and of week), how long its
 * sessions are and how long it thinks between requests, and how it moves between resources.
 */
public record GroupProfile(String group, Rates rates, Shape shape, MarkovChain chain) {

    /**
     * Arrivals by hour (UTC): sums and how many hours of each kind were observed, so an estimate is a mean and a
     * profile can be blended with a newer one by weighting both. An hour of the week seen is shrunk towards its hour
     * of the day, and that towards the group's mean hour, by one hour's worth of weight ({@link #SHRINK}).
     */
    public record Rates(double[] requestsByHour, double[] sessionsByHour, double[] hoursSeen,
                        double[] requestsByWeekHour, double[] weekHoursSeen) {

        static final double SHRINK = 1;

        public Rates {
            if (requestsByHour.length != 24 || sessionsByHour.length != 24 || hoursSeen.length != 24
                    || requestsByWeekHour.length != 168 || weekHoursSeen.length != 168) {
                throw new IllegalArgumentException("rates are by 24 hours of the day and 168 of the week");
            }
        }

        /**
         * From hourly counts starting at the hour {@code firstHour}: requests, and sessions started (zeros when
         * not known).
         */
        public static Rates of(Instant firstHour, double[] requests, double[] sessions) {
            double[] byHour = new double[24];
            double[] started = new double[24];
            double[] seen = new double[24];
            double[] byWeekHour = new double[168];
            double[] weekSeen = new double[168];
            for (int i = 0; i < requests.length; i++) {
                ZonedDateTime t = firstHour.plusSeconds(3600L * i).atZone(ZoneOffset.UTC);
                int h = t.getHour();
                int wh = weekHour(t);
                byHour[h] += requests[i];
                started[h] += sessions[i];
                seen[h]++;
                byWeekHour[wh] += requests[i];
                weekSeen[wh]++;
            }
            return new Rates(byHour, started, seen, byWeekHour, weekSeen);
        }

        /** Requests the group sends in the hour starting at {@code hour}. */
        public double expectedRequests(Instant hour) {
            ZonedDateTime t = hour.atZone(ZoneOffset.UTC);
            int h = t.getHour();
            int wh = weekHour(t);
            double seen = Arrays.stream(hoursSeen).sum();
            double mean = seen == 0 ? 0 : Arrays.stream(requestsByHour).sum() / seen;
            double byDay = (requestsByHour[h] + SHRINK * mean) / (hoursSeen[h] + SHRINK);
            return weekHoursSeen[wh] == 0 ? byDay
                    : (requestsByWeekHour[wh] + SHRINK * byDay) / (weekHoursSeen[wh] + SHRINK);
        }

        /** Sessions that start in an hour of the day {@code h} (UTC), on average. */
        public double expectedSessions(int h) {
            double seen = Arrays.stream(hoursSeen).sum();
            double mean = seen == 0 ? 0 : Arrays.stream(sessionsByHour).sum() / seen;
            return (sessionsByHour[h] + SHRINK * mean) / (hoursSeen[h] + SHRINK);
        }

        /**
         * Sessions that started in hour of the day {@code h} on the days watched, on average, without shrinking: what
         * a simulation replays (the mean hour for an hour never watched).
         */
        public double observedSessions(int h) {
            if (hoursSeen[h] > 0) {
                return sessionsByHour[h] / hoursSeen[h];
            }
            double seen = Arrays.stream(hoursSeen).sum();
            return seen == 0 ? 0 : Arrays.stream(sessionsByHour).sum() / seen;
        }

        /** Requests per hour over everything observed. */
        public double meanRequestsPerHour() {
            double seen = Arrays.stream(hoursSeen).sum();
            return seen == 0 ? 0 : Arrays.stream(requestsByHour).sum() / seen;
        }

        static int weekHour(ZonedDateTime t) {
            return (t.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue()) * 24 + t.getHour();
        }

        /**
         * Both brought to the same observed hours first (the larger of the two), so {@code w} weighs recent against
         * past behaviour however long each was watched.
         */
        Rates blend(Rates recent, double w) {
            double past = Arrays.stream(hoursSeen).sum();
            double now = Arrays.stream(recent.hoursSeen).sum();
            if (past == 0 || now == 0) {
                return past == 0 ? recent : this;
            }
            double total = Math.max(past, now);
            double a = (1 - w) * total / past;
            double b = w * total / now;
            return new Rates(mix(requestsByHour, a, recent.requestsByHour, b),
                    mix(sessionsByHour, a, recent.sessionsByHour, b), mix(hoursSeen, a, recent.hoursSeen, b),
                    mix(requestsByWeekHour, a, recent.requestsByWeekHour, b),
                    mix(weekHoursSeen, a, recent.weekHoursSeen, b));
        }
    }

    /**
     * What a session looks like: samples of session lengths (requests) and of think times (seconds between a
     * session's requests), kept to at most {@value #SAMPLE} each, evenly over what was seen.
     */
    public record Shape(int[] lengths, double[] thinkSeconds) {

        static final int SAMPLE = 1_000;

        public Shape {
            if (lengths.length == 0) {
                throw new IllegalArgumentException("a group's shape needs at least one session length");
            }
        }

        public double meanLength() {
            return Arrays.stream(lengths).average().orElse(1);
        }

        public int drawLength(SplittableRandom random) {
            return lengths[random.nextInt(lengths.length)];
        }

        /** A think time in seconds (0 when the group never made a second request). */
        public double drawThink(SplittableRandom random) {
            return thinkSeconds.length == 0 ? 0 : thinkSeconds[random.nextInt(thinkSeconds.length)];
        }

        /** Recent and past samples in proportion {@code w : 1 - w}. */
        Shape blend(Shape recent, double w) {
            return new Shape(mixSamples(lengths, recent.lengths, w), mixSamples(thinkSeconds, recent.thinkSeconds, w));
        }

        static int[] mixSamples(int[] past, int[] recent, double w) {
            int fromRecent = (int) Math.round(w * SAMPLE);
            int[] a = thin(recent, Math.min(recent.length, fromRecent));
            int[] b = thin(past, Math.min(past.length, SAMPLE - a.length));
            int[] all = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all.length == 0 ? past : all;
        }

        static double[] mixSamples(double[] past, double[] recent, double w) {
            int fromRecent = (int) Math.round(w * SAMPLE);
            double[] a = thin(recent, Math.min(recent.length, fromRecent));
            double[] b = thin(past, Math.min(past.length, SAMPLE - a.length));
            double[] all = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }

        static int[] thin(int[] values, int n) {
            int[] kept = new int[n];
            for (int i = 0; i < n; i++) {
                kept[i] = values[(int) ((long) i * values.length / n)];
            }
            return kept;
        }

        static double[] thin(double[] values, int n) {
            double[] kept = new double[n];
            for (int i = 0; i < n; i++) {
                kept[i] = values[(int) ((long) i * values.length / n)];
            }
            return kept;
        }
    }

    /** {@code (1 - w) x this + w x recent}: the continuous update of a stored profile with newer behaviour. */
    public GroupProfile blend(GroupProfile recent, double w) {
        if (!(w >= 0 && w <= 1)) {
            throw new IllegalArgumentException("a blend weight is in [0, 1], but was " + w);
        }
        return new GroupProfile(group, rates.blend(recent.rates, w), shape.blend(recent.shape, w),
                chain.blend(recent.chain, w));
    }

    private static double[] mix(double[] x, double a, double[] y, double b) {
        double[] m = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            m[i] = a * x[i] + b * y[i];
        }
        return m;
    }
}
