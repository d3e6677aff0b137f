package dev.prescale.scaling;

import dev.prescale.forecast.Forecast;
import org.hipparchus.distribution.continuous.NormalDistribution;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Predictive scaling rules as one pure function of its inputs and {@code now}: the same inputs always give the same
 * decision, which is what makes policy replay and dry-run meaningful.
 *
 * <ol>
 *   <li><b>Bounds</b> first: a group outside [min, ceiling] is brought back.</li>
 *   <li><b>Threshold</b>: the forecast's upper bound (the policy's {@code confidence}), turned into utilization by the
 *   capacity model with its own margin, crosses {@code targetUtilization} at some step: capacity for the peak from
 *   that step on, times the surge tier, ready {@code schedulingBuffer} before the crossing (like AWS
 *   {@code SchedulingBufferTime}). Held during {@code scaleOutCooldown} after the last scale-out.</li>
 *   <li><b>Scale-in</b>: the upper bound stays under {@code scaleInUtilization} over the whole horizon <i>and</i>
 *   observed utilization stayed under it for the whole {@code stabilization} window; never on a forecast alone.
 *   Held during {@code scaleInCooldown} after any change.</li>
 * </ol>
 *
 * @param targetUtilization  utilization to stay under, 0..1
 * @param confidence         the forecast interval width decided on (0.8 uses the 90th percentile as upper bound)
 * @param scheduleBuffer     how long before a predicted crossing the capacity must be ready
 * @param scaleInUtilization below this, capacity is more than needed
 * @param stabilization      how long observed utilization must stay low before a scale-in
 * @param dryRun             forecast-only mode: decisions are recorded, never acted on
 */
public record ScalingPolicy(double targetUtilization, double confidence, Duration scheduleBuffer,
                            double scaleInUtilization, Duration stabilization, Duration scaleOutCooldown,
                            Duration scaleInCooldown, Bounds bounds, SurgeTiers surge, boolean dryRun) {

    private static final NormalDistribution NORMAL = new NormalDistribution();

    public ScalingPolicy {
        if (!(targetUtilization > 0 && targetUtilization <= 1)) {
            throw new IllegalArgumentException("targetUtilization must be in (0, 1], but was " + targetUtilization);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), but was " + confidence);
        }
        if (!(scaleInUtilization >= 0 && scaleInUtilization < targetUtilization)) {
            throw new IllegalArgumentException("scaleInUtilization must be in [0, targetUtilization), but was "
                    + scaleInUtilization + "; equal thresholds would flap");
        }
        for (Duration d : new Duration[]{scheduleBuffer, stabilization, scaleOutCooldown, scaleInCooldown}) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("scaling durations must be zero or positive, but one was " + d);
            }
        }
    }

    /** AWS-like defaults: 70% target, 80% interval, 10 min buffer, scale in under 35% after 30 min. */
    public static ScalingPolicy defaults(Bounds bounds) {
        return new ScalingPolicy(0.7, 0.8, Duration.ofMinutes(10), 0.35, Duration.ofMinutes(30),
                Duration.ofMinutes(5), Duration.ofMinutes(15), bounds, SurgeTiers.DEFAULTS, false);
    }

    public ScalingPolicy withDryRun(boolean value) {
        return new ScalingPolicy(targetUtilization, confidence, scheduleBuffer, scaleInUtilization, stabilization,
                scaleOutCooldown, scaleInCooldown, bounds, surge, value);
    }

    /**
     * @throws IllegalArgumentException when the forecast was made at another interval width than {@code confidence}
     */
    public ScalingDecision decide(ScalingInputs in, Instant now) {
        Forecast f = in.traffic();
        if (Math.abs(f.intervalWidth() - confidence) > 1e-9) {
            throw new IllegalArgumentException("group " + in.group() + ": the forecast has a " + f.intervalWidth()
                    + " interval but the policy decides at confidence " + confidence + "; forecast with interval "
                    + "width " + confidence);
        }
        int from = in.current().desired();
        int floor = bounds.min();
        int ceiling = bounds.ceiling();
        if (from < floor || from > ceiling) {
            int to = bounds.clamp(from);
            return decision(in, now, to > from ? ScalingDecision.Action.SCALE_OUT : ScalingDecision.Action.SCALE_IN,
                    to, now, "bounds", "capacity " + from + " is outside the bounds [" + floor + ", " + ceiling
                            + "]");
        }
        double z = NORMAL.inverseCumulativeProbability(0.5 + confidence / 2);
        double[] upper = f.upper();
        int crossing = -1;
        double peakAfterCrossing = 0;
        double peakUtilization = 0;
        int usable = 0;
        for (int h = 0; h < upper.length; h++) {
            double rps = upper[h] / f.step();
            if (!(rps >= 0) || Double.isInfinite(rps)) {
                continue; // a missing or broken step says nothing either way
            }
            usable++;
            double utilization = utilizationUpper(in, rps, Math.max(1, from), z);
            peakUtilization = Math.max(peakUtilization, utilization);
            if (crossing < 0 && utilization > targetUtilization) {
                crossing = h;
            }
            if (crossing >= 0) {
                peakAfterCrossing = Math.max(peakAfterCrossing, rps);
            }
        }
        if (usable == 0) {
            return hold(in, now, "hold", "the forecast has no usable step (all NaN, negative or infinite)");
        }
        if (crossing >= 0) {
            return scaleOut(in, now, f, crossing, peakAfterCrossing, z);
        }
        return scaleIn(in, now, peakUtilization, z, f);
    }

    private ScalingDecision scaleOut(ScalingInputs in, Instant now, Forecast f, int crossing, double peakRps,
                                     double z) {
        int from = in.current().desired();
        Instant crossingAt = Instant.ofEpochSecond(f.start() + crossing * f.step());
        double needed = instancesFor(in, peakRps, z);
        double multiplier = surge.multiplier(in.surgeProbability(), in.priority());
        double wanted = needed * multiplier;
        int to = bounds.clamp(wanted);
        String why = String.format(Locale.ROOT, "upper bound (%.0f%% interval of %s) crosses %.0f%% utilization at "
                        + "%s on %d instances; peak %.1f req/s needs %.1f, x%.2f surge (p=%s, %s%s) = %.1f",
                confidence * 100, in.forecastRef().isEmpty() ? "the forecast" : in.forecastRef(),
                targetUtilization * 100, crossingAt, from, peakRps, needed, multiplier,
                Double.isNaN(in.surgeProbability()) ? "unknown"
                        : String.format(Locale.ROOT, "%.2f", in.surgeProbability()), in.priority(),
                in.surgeCause().isEmpty() ? "" : ": " + in.surgeCause(), wanted);
        if (to < Math.ceil(wanted)) {
            why += bounds.behavior() == Bounds.MaxCapacityBehavior.HONOR ? "; capped at max " + bounds.max()
                    : "; capped at max " + bounds.max() + " + " + bounds.maxBufferPercent() + "% = " + to;
        }
        if (to <= from) {
            return hold(in, now, "threshold", why + "; " + from + " already enough");
        }
        if (in.lastScaleOut() != null && now.isBefore(in.lastScaleOut().plus(scaleOutCooldown))) {
            return hold(in, now, "cooldown", why + "; but the last scale-out was at " + in.lastScaleOut()
                    + ", within the " + scaleOutCooldown.toMinutes() + " min cooldown");
        }
        Instant readyBy = crossingAt.minus(scheduleBuffer);
        return decision(in, now, ScalingDecision.Action.SCALE_OUT, to, readyBy.isAfter(now) ? readyBy : now,
                "threshold", why + "; ready by " + (readyBy.isAfter(now) ? readyBy : now));
    }

    private ScalingDecision scaleIn(ScalingInputs in, Instant now, double peakUtilization, double z, Forecast f) {
        int from = in.current().desired();
        if (peakUtilization >= scaleInUtilization || from <= bounds.min()) {
            return hold(in, now, "hold", String.format(Locale.ROOT, "forecast peak utilization %.0f%% stays between "
                    + "%.0f%% and %.0f%%%s", peakUtilization * 100, scaleInUtilization * 100,
                    targetUtilization * 100, from <= bounds.min() ? " or capacity is at min" : ""));
        }
        String observedLow = observedLowThroughout(in, now);
        if (observedLow != null) {
            return hold(in, now, "hold", String.format(Locale.ROOT, "forecast peak %.0f%% is under the scale-in "
                    + "level %.0f%%, but %s; a forecast alone never scales in", peakUtilization * 100,
                    scaleInUtilization * 100, observedLow));
        }
        Instant lastChange = latest(in.lastScaleIn(), in.lastScaleOut());
        if (lastChange != null && now.isBefore(lastChange.plus(scaleInCooldown))) {
            return hold(in, now, "cooldown", "scale-in due, but the last change was at " + lastChange + ", within the "
                    + scaleInCooldown.toMinutes() + " min cooldown");
        }
        double peakRps = 0;
        for (double u : f.upper()) {
            double rps = u / f.step();
            if (rps >= 0 && !Double.isInfinite(rps)) {
                peakRps = Math.max(peakRps, rps);
            }
        }
        int to = Math.min(from, bounds.clamp(instancesFor(in, peakRps, z)));
        if (to >= from) {
            return hold(in, now, "hold", "scale-in due, but the forecast peak still needs " + from);
        }
        return decision(in, now, ScalingDecision.Action.SCALE_IN, to, now, "scale-in", String.format(Locale.ROOT,
                "observed utilization under %.0f%% for %d min and forecast peak %.0f%% on %d instances; %.1f req/s "
                        + "peak needs %d", scaleInUtilization * 100, stabilization.toMinutes(), peakUtilization * 100,
                from, peakRps, to));
    }

    /** Null when observed utilization stayed under the scale-in level for the whole window, else why not. */
    private String observedLowThroughout(ScalingInputs in, Instant now) {
        Instant windowStart = now.minus(stabilization);
        Instant earliest = null;
        for (ScalingInputs.Observation o : in.observed()) {
            if (o.time().isBefore(windowStart) || o.time().isAfter(now)) {
                continue;
            }
            if (!(o.utilization() < scaleInUtilization)) {
                return String.format(Locale.ROOT, "observed utilization was %s at %s",
                        Double.isNaN(o.utilization()) ? "unknown" : String.format(Locale.ROOT, "%.0f%%",
                                o.utilization() * 100), o.time());
            }
            earliest = earliest == null || o.time().isBefore(earliest) ? o.time() : earliest;
        }
        // the observations must reach back over the window (one sample interval of slack)
        if (earliest == null || earliest.isAfter(windowStart.plus(Duration.ofMinutes(1)))) {
            return "observations do not cover the " + stabilization.toMinutes() + " min stabilization window";
        }
        return null;
    }

    private double utilizationUpper(ScalingInputs in, double rps, int instances, double z) {
        return in.model().utilizationAt(rps, instances) + z * in.model().residualSigma();
    }

    /** Instances keeping {@code rps} under the target with the model's margin, as a double (no int overflow). */
    private double instancesFor(ScalingInputs in, double rps, double z) {
        double room = targetUtilization - in.model().intercept() - z * in.model().residualSigma();
        if (!(room > 0)) {
            return Double.POSITIVE_INFINITY; // even one idle instance is over target: as many as allowed
        }
        return Math.max(1, in.model().slope() * rps / room);
    }

    private ScalingDecision hold(ScalingInputs in, Instant now, String rule, String reason) {
        int from = in.current().desired();
        return new ScalingDecision(now, in.group(), ScalingDecision.Action.HOLD, from, from, -1, now, rule, reason,
                in.forecastRef(), dryRun);
    }

    private ScalingDecision decision(ScalingInputs in, Instant now, ScalingDecision.Action action, int to,
                                     Instant effectiveAt, String rule, String reason) {
        int newMax = to > in.current().max() ? to : -1;
        return new ScalingDecision(now, in.group(), action, in.current().desired(), to, newMax, effectiveAt, rule,
                reason, in.forecastRef(), dryRun);
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
