package dev.prescale.simulation;

import java.util.List;

/**
 * A profile turned into open-model injection steps: what Gatling will be told to do, and what it should achieve.
 *
 * @param profileId        the profile planned
 * @param steps            consecutive steps covering the whole run
 * @param runSeconds       length of the run (Gatling injects in whole seconds)
 * @param timeCompression  profile seconds per run second as actually used (the requested one, adjusted so the run is
 *                         a whole number of seconds)
 * @param expectedRequests the profile's integral over the run: the exact number of users the profile asks for
 * @param peakRate         highest rate in the plan, users/s
 */
public record InjectionPlan(String profileId, List<Step> steps, int runSeconds, double timeCompression,
                            double expectedRequests, double peakRate) {

    public InjectionPlan {
        steps = List.copyOf(steps);
    }

    /** Users the steps inject: {@link #expectedRequests()} rounded, exactly as Gatling schedules them. */
    public long plannedUsers() {
        return steps.stream().mapToLong(Step::users).sum();
    }

    /** Users the plan sends in seconds [a, b) of the run: its steps' rates, integrated over that span. */
    public double usersBetween(double a, double b) {
        double sum = 0;
        for (Step s : steps) {
            double lo = Math.max(a, s.startSecond());
            double hi = Math.min(b, s.startSecond() + s.seconds());
            if (hi > lo) {
                double slope = (s.endRate() - s.startRate()) / s.seconds();
                sum += (2 * s.startRate() + slope * (lo - s.startSecond() + hi - s.startSecond())) / 2 * (hi - lo);
            }
        }
        return sum;
    }

    /**
     * Shard {@code index} of {@code count}: the same steps, each with its share of the users, so that the shards' users
     * sum to this plan's in every step, exactly. Arrivals are dealt out in turn over the whole run (arrival j goes to
     * shard j mod count), so no shard collects every remainder; a step's rates are scaled to its share, keeping its
     * shape.
     *
     * @throws IllegalArgumentException for an index outside [0, count)
     */
    public InjectionPlan shard(int index, int count) {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard " + index + " of " + count + " does not exist: the index runs "
                    + "from 0 to count - 1");
        }
        return count == 1 ? this : part(index, index + 1, count);
    }

    /**
     * The arrivals of shards {@code from} to {@code to - 1} of {@code count} together: a share of
     * {@code (to - from) / count} of every step, dealt the same way (arrival j to shard j mod count), so parts that
     * cover [0, count) add up to this plan exactly. What an A/B split by whole-number weights uses.
     *
     * @throws IllegalArgumentException for an empty or out-of-range part
     */
    public InjectionPlan part(int from, int to, int count) {
        if (count < 1 || from < 0 || to <= from || to > count) {
            throw new IllegalArgumentException("part [" + from + ", " + to + ") of " + count + " does not exist");
        }
        List<Step> shared = new java.util.ArrayList<>(steps.size());
        long before = 0;
        for (Step step : steps) {
            long after = before + step.users();
            long users = 0;
            for (int i = from; i < to; i++) {
                users += dealt(after, i, count) - dealt(before, i, count);
            }
            double share = step.users() == 0 ? 0 : users / (double) step.users();
            shared.add(new Step(step.startSecond(), step.seconds(), step.startRate() * share, step.endRate() * share,
                    users));
            before = after;
        }
        double fraction = (to - from) / (double) count;
        return new InjectionPlan(profileId, shared, runSeconds, timeCompression, expectedRequests * fraction,
                peakRate * fraction);
    }

    /** Arrivals among the first {@code n} (0 .. n-1) that go to shard {@code index}: those j with j mod count = index. */
    private static long dealt(long n, int index, int count) {
        return n <= index ? 0 : (n - index - 1) / count + 1;
    }

    /**
     * One injection step: {@code users} arrivals spread over {@code seconds}, at a rate going linearly from
     * {@code startRate} to {@code endRate} (equal for a constant step).
     */
    public record Step(int startSecond, int seconds, double startRate, double endRate, long users) {

        public boolean isIdle() {
            return users == 0;
        }

        public boolean isConstant() {
            return startRate == endRate;
        }
    }
}
