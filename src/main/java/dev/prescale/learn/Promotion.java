package dev.prescale.learn;

import dev.prescale.forecast.Forecaster;
import dev.prescale.replay.CapacitySimulator;
import dev.prescale.replay.PolicyReplay;
import dev.prescale.replay.ReplayPolicy;
import dev.prescale.replay.ReplaySuite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Whether the learned policy may act: it must beat the hand-written policy (the setting the suite recommends on each
 * trace's training window) on the replay suite's scored weeks by combined cost (instance-hours plus violation-minutes
 * at {@link LearnSettings#violationCost}), in total and on most traces, and absorb and recover from at least as many
 * fault episodes in the fault week. Until then it runs in shadow: it recommends, and is recorded.
 */
public final class Promotion {

    /** Minutes after a fault ends by which violations must have stopped for the episode to count as recovered. */
    public static final int RECOVER_WITHIN = 10;

    /** One trace's combined costs by policy, in row order: learned, the hand-written default, reactive. */
    public record TraceCosts(String trace, String defaultLabel, Map<String, Cost> costs) {

        public Cost learned() {
            return costs.get(PolicyReplay.LEARNED);
        }

        public Cost handWritten() {
            return costs.get(defaultLabel);
        }
    }

    /** A policy's outcome on a trace: violation-minutes, instance-hours, and both as one cost. */
    public record Cost(int violationMinutes, double instanceHours, double combined) {
    }

    /** Fault episodes a policy went through, held its SLO through (absorbed), and was back within 10 min after. */
    public record FaultOutcome(String policy, int episodes, int absorbed, int recovered) {

        FaultOutcome plus(FaultOutcome o) {
            return new FaultOutcome(policy, episodes + o.episodes, absorbed + o.absorbed, recovered + o.recovered);
        }
    }

    /** The decision and everything it rests on. */
    public record Verdict(boolean promoted, String reason, List<TraceCosts> traces, List<FaultOutcome> faultWeek) {
    }

    private Promotion() {
    }

    /** Combined costs of a suite trace's learned, default and reactive rows. */
    public static TraceCosts costs(ReplaySuite.TraceResult r, LearnSettings s) {
        Map<String, Cost> costs = new LinkedHashMap<>();
        String defaultLabel = null;
        for (PolicyReplay.Row row : r.report().rows()) {
            boolean wanted = row.kind().equals(PolicyReplay.LEARNED) || row.recommended()
                    || row.kind().equals("reactive");
            if (!wanted) {
                continue;
            }
            String label = row.kind().equals(PolicyReplay.LEARNED) ? PolicyReplay.LEARNED : row.setting().label();
            if (row.recommended()) {
                defaultLabel = label;
            }
            CapacitySimulator.Result res = row.result();
            costs.put(label, new Cost(res.violationMinutes(), res.instanceHours(), s.combinedCost(res.instanceHours(),
                    res.violationMinutes())));
        }
        if (defaultLabel == null || !costs.containsKey(PolicyReplay.LEARNED)) {
            throw new IllegalArgumentException(r.trace() + ": the replay has no learned row or no default to compare");
        }
        return new TraceCosts(r.trace(), defaultLabel, costs);
    }

    /**
     * The fault week on one trace: its scored minutes under {@code faults}, played by the learned policy (learning
     * online), the hand-written default and reactive target tracking at {@code reactiveTarget}.
     */
    public static List<FaultOutcome> faultWeek(ReplaySuite.World world, PolicyReplay.Setting chosen,
                                               PolicyModel model, double reactiveTarget, FaultPlan faults,
                                               Supplier<Forecaster> forecaster) {
        double[] rps = world.demandRps();
        Map<String, Supplier<ReplayPolicy>> policies = new LinkedHashMap<>();
        policies.put(PolicyReplay.LEARNED, () -> LearnedPolicy.deployed(model, true, world.epoch()));
        policies.put(chosen.label(), () -> PolicyReplay.policy(chosen, world.settings(), rps, world.epoch(),
                forecaster.get()));
        PolicyReplay.Setting reactive = new PolicyReplay.Setting("reactive", reactiveTarget, Double.NaN);
        policies.put(reactive.label(), () -> PolicyReplay.policy(reactive, world.settings(), rps, world.epoch(),
                forecaster.get()));
        List<FaultOutcome> outcomes = new ArrayList<>();
        policies.forEach((label, policy) -> {
            boolean[] violated = new boolean[Math.max(0, rps.length - world.from())];
            CapacitySimulator.run(rps, world.from(), world.settings(), policy.get(), violated, faults, null);
            outcomes.add(score(label, faults, violated, world.from()));
        });
        return outcomes;
    }

    /** Episodes absorbed (no violation during the fault) and recovered (none from 10 minutes after its end). */
    static FaultOutcome score(String policy, FaultPlan faults, boolean[] violated, int from) {
        int episodes = 0;
        int absorbed = 0;
        int recovered = 0;
        for (FaultPlan.Episode e : faults.episodes()) {
            if (e.start() < from || e.end() > from + violated.length) {
                continue;
            }
            episodes++;
            boolean during = false;
            for (int m = e.start(); m < e.end(); m++) {
                during |= violated[m - from];
            }
            boolean after = false;
            for (int m = e.end() + RECOVER_WITHIN; m < Math.min(from + violated.length, e.end() + 3 * RECOVER_WITHIN);
                 m++) {
                after |= violated[m - from];
            }
            absorbed += during ? 0 : 1;
            recovered += after ? 0 : 1;
        }
        return new FaultOutcome(policy, episodes, absorbed, recovered);
    }

    /** The rule of this class over a suite's costs and the fault week's outcomes summed over traces. */
    public static Verdict decide(List<TraceCosts> traces, List<FaultOutcome> faultWeek) {
        double learned = 0;
        double handWritten = 0;
        int wins = 0;
        for (TraceCosts t : traces) {
            learned += t.learned().combined();
            handWritten += t.handWritten().combined();
            wins += t.learned().combined() < t.handWritten().combined() ? 1 : 0;
        }
        Map<String, FaultOutcome> summed = new LinkedHashMap<>();
        faultWeek.forEach(o -> summed.merge(o.policy(), o, FaultOutcome::plus));
        FaultOutcome l = summed.get(PolicyReplay.LEARNED);
        FaultOutcome h = summed.entrySet().stream().filter(e -> !e.getKey().equals(PolicyReplay.LEARNED)
                && !e.getKey().startsWith("reactive")).map(Map.Entry::getValue).reduce(FaultOutcome::plus)
                .orElse(null);
        boolean cheaper = !traces.isEmpty() && learned < handWritten && wins * 2 > traces.size();
        boolean sturdier = l == null || h == null || l.absorbed() >= h.absorbed() && l.recovered() >= h.recovered();
        String reason = String.format(Locale.ROOT, "combined cost %.1f against the hand-written default's %.1f, "
                        + "cheaper on %d of %d traces; fault week: learned absorbed %s, hand-written %s",
                learned, handWritten, wins, traces.size(), l == null ? "-" : l.absorbed() + "/" + l.episodes()
                        + " (recovered " + l.recovered() + ")", h == null ? "-" : h.absorbed() + "/" + h.episodes()
                        + " (recovered " + h.recovered() + ")");
        boolean promoted = cheaper && sturdier;
        List<String> missing = new ArrayList<>();
        if (!(learned < handWritten)) {
            missing.add("it costs more in total");
        } else if (wins * 2 <= traces.size()) {
            missing.add("it is cheaper on only " + wins + " of " + traces.size() + " traces, and most are needed");
        }
        if (!sturdier) {
            missing.add("it does not absorb as many faults");
        }
        return new Verdict(promoted, (promoted ? "promoted: " : "kept in shadow: ") + reason
                + (promoted ? "" : "; " + String.join("; ", missing)), traces, new ArrayList<>(summed.values()));
    }
}
