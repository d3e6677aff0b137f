package dev.prescale.simulation;

import dev.prescale.profile.LoadProfile;
import dev.prescale.profile.ProfileException;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a profile's rate curve into open-model injection steps.
 *
 * <p>How: the run is cut at whole seconds (Gatling's resolution) into at most {@code maxSteps} segments, adjacent
 * segments are merged while a straight line still follows the curve (within 2% of the rate, or 0.5% of the peak), and
 * each segment is given an exact integer number of users: the rounded cumulative integral at its end minus that at
 * its start. The segment's ramp is then shifted by at most a fraction of a user per second so that its area is that
 * integer. Rounding never accumulates, so the run injects the profile's integral to within one user, however many
 * steps it has and whatever the scaling factor.
 *
 * <p>Time compression keeps rates: at compression 1440 a day runs in a minute and the system sees the day's real
 * requests/s. The integral planned is therefore the profile's integral divided by the compression.
 */
public final class InjectionPlanner {

    /** Longest run accepted: 31 days. Longer means the compression was forgotten. */
    public static final int MAX_RUN_SECONDS = 31 * 86_400;

    private static final double SHAPE_TOLERANCE = 0.02;
    private static final double PEAK_TOLERANCE = 0.005;

    private InjectionPlanner() {
    }

    /**
     * @throws ProfileException naming the profile when its run would be too long or its rate exceeds
     *                          {@link InjectionOptions#maxRate()}, or when its pattern cannot be evaluated
     */
    public static InjectionPlan plan(LoadProfile profile, InjectionOptions options) {
        double profileSeconds = profile.durationSeconds();
        double exactRun = profileSeconds / options.timeCompression();
        if (exactRun > MAX_RUN_SECONDS) {
            throw new ProfileException(profile.profileId(), "duration", String.format(
                    "%s at time compression %s would run for %.0f s, longer than the %d s limit", profile.duration(),
                    options.timeCompression(), exactRun, MAX_RUN_SECONDS),
                    "raise the time compression (prescale.compression) or shorten the profile");
        }
        int runSeconds = (int) Math.max(1, Math.round(exactRun));
        double stretch = profileSeconds / runSeconds;
        // Gatling injects in whole seconds: the run is stretched to a whole number of them, and the rate scaled by
        // the same small factor so the run still holds the profile's integral at the requested compression.
        double intensity = options.intensity() * exactRun / runSeconds;

        int grid = (int) Math.ceil(runSeconds / (double) options.maxSteps());
        int points = (runSeconds + grid - 1) / grid + 1;
        int[] borders = new int[points];
        double[] rate = new double[points];
        double[] cumulative = new double[points];
        double peak = 0;
        for (int i = 0; i < points; i++) {
            borders[i] = Math.min(runSeconds, i * grid);
            rate[i] = intensity * profile.rateAt(borders[i] * stretch);
            if (i > 0) {
                cumulative[i] = cumulative[i - 1] + intensity / stretch
                        * profile.requestsBetween(borders[i - 1] * stretch, borders[i] * stretch);
                // a stepwise curve's level over a segment is its average there, not its value at the border
                peak = Math.max(peak, (cumulative[i] - cumulative[i - 1]) / (borders[i] - borders[i - 1]));
            }
            peak = Math.max(peak, rate[i]);
        }
        if (peak > options.maxRate()) {
            throw new ProfileException(profile.profileId(), "scalingFactor", String.format(
                    "peak rate %.4g requests/s (scalingFactor %s x intensity %s) is above the injector limit of %.0f"
                            + " requests/s", peak, profile.scalingFactor(), options.intensity(), options.maxRate()),
                    "lower scalingFactor or intensity, or raise maxRate if this machine can really inject that much");
        }

        boolean stepwise = profile.pattern().isStepwise();
        List<InjectionPlan.Step> steps = new ArrayList<>();
        int start = 0;
        while (start < points - 1) {
            int end = start + 1;
            while (end + 1 < points && fits(borders, rate, cumulative, start, end + 1, peak, stepwise)) {
                end++;
            }
            steps.add(step(borders[start], borders[end], rate[start], rate[end],
                    Math.round(cumulative[end]) - Math.round(cumulative[start]), stepwise));
            start = end;
        }
        return new InjectionPlan(profile.profileId(), steps, runSeconds, stretch, cumulative[points - 1], peak);
    }

    /** Whether one segment from border {@code a} to border {@code b} still follows the curve at every border between. */
    private static boolean fits(int[] borders, double[] rate, double[] cumulative, int a, int b, double peak,
                                boolean stepwise) {
        double floor = PEAK_TOLERANCE * peak;
        if (stepwise) {
            double level = (cumulative[b] - cumulative[a]) / (borders[b] - borders[a]);
            for (int m = a; m < b; m++) {
                double segmentLevel = (cumulative[m + 1] - cumulative[m]) / (borders[m + 1] - borders[m]);
                if (Math.abs(segmentLevel - level) > Math.max(SHAPE_TOLERANCE * segmentLevel, floor)) {
                    return false;
                }
            }
            return true;
        }
        for (int m = a + 1; m < b; m++) {
            double along = (borders[m] - borders[a]) / (double) (borders[b] - borders[a]);
            double line = rate[a] + (rate[b] - rate[a]) * along;
            if (Math.abs(rate[m] - line) > Math.max(SHAPE_TOLERANCE * rate[m], floor)) {
                return false;
            }
        }
        return true;
    }

    private static InjectionPlan.Step step(int from, int to, double startRate, double endRate, long users,
                                           boolean stepwise) {
        int seconds = to - from;
        if (users <= 0) {
            return new InjectionPlan.Step(from, seconds, 0, 0, 0);
        }
        double level = users / (double) seconds;
        if (stepwise) {
            return new InjectionPlan.Step(from, seconds, level, level, users);
        }
        double shift = level - (startRate + endRate) / 2;
        double first = startRate + shift;
        double last = endRate + shift;
        if (first < 0 || last < 0 || Math.abs(last - first) <= 1e-9 * level) {
            return new InjectionPlan.Step(from, seconds, level, level, users);
        }
        return new InjectionPlan.Step(from, seconds, first, last, users);
    }
}
