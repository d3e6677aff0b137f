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
