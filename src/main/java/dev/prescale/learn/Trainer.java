package dev.prescale.learn;

import dev.prescale.replay.CapacitySimulator;
import dev.prescale.replay.ReplaySettings;
import dev.prescale.replay.ReplaySuite;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Trains the learned policy offline in the capacity simulator: every epoch plays each trace's training window (never
 * a minute of what the suite scores) under simulated crash and slowdown faults drawn afresh, exploring less as it
 * goes (epsilon from 0.3 to 0.02), learning from each minute's outcome.
 */
public final class Trainer {

    /**
     * A trace's training window.
     *
     * @param demandRps requests/s of the window's minutes, NaN where the record has none
     * @param settings  the replay world of the trace (the instance's rate derived from the window)
     * @param epoch     the window's first minute
     */
    public record Window(String name, double[] demandRps, ReplaySettings settings, Instant epoch) {
    }

    /** The trained model, minutes played, and how long it took. */
    public record Training(PolicyModel model, long minutes, double seconds, List<String> log) {
    }

    private Trainer() {
    }

    /** The training window of a suite world: its minutes before scoring starts. */
    public static Window window(ReplaySuite.World world) {
        double[] rps = java.util.Arrays.copyOf(world.demandRps(), world.from());
        return new Window(world.name(), rps, world.settings(), world.epoch());
    }

    /**
     * @param progress told one line per trace played
     * @throws IllegalArgumentException when no window is long enough to learn from (two days)
     */
    public static Training train(List<Window> windows, LearnSettings s, Instant now, Consumer<String> progress) {
        List<Window> usable = windows.stream().filter(w -> w.demandRps().length >= 2 * 1440).toList();
        if (usable.isEmpty()) {
            throw new IllegalArgumentException("no training window of at least two days among " + windows.size()
                    + " trace(s); give traces of a week or more");
        }
        LinearQ q = LearnedPolicy.freshLearner(s.seed());
        SplittableRandom order = new SplittableRandom(s.seed());
        int episodes = s.epochs() * usable.size();
        int episode = 0;
        long minutes = 0;
        long started = System.nanoTime();
        List<String> log = new ArrayList<>();
        for (int epoch = 0; epoch < s.epochs(); epoch++) {
            List<Window> shuffled = new ArrayList<>(usable);
            java.util.Collections.shuffle(shuffled, new java.util.Random(order.nextLong()));
            for (Window w : shuffled) {
                double epsilon = 0.3 - 0.28 * episode / Math.max(1, episodes - 1);
                int length = w.demandRps().length;
                int from = length - ReplaySuite.scoredMinutes(length);
                FaultPlan faults = FaultPlan.random(from, length, s.faultsPerDay(), order.nextLong());
                LearnedPolicy policy = LearnedPolicy.training(q, s, epsilon, w.epoch());
                CapacitySimulator.Result r = CapacitySimulator.run(w.demandRps(), from, w.settings(), policy, null,
                        faults, policy);
                policy.finish();
                minutes += r.minutes();
                String line = String.format(Locale.ROOT, "epoch %d, %s: %d minutes, %d faults, epsilon %.2f, %d "
                                + "violation-minutes, %.1f instance-hours", epoch + 1, w.name(), r.minutes(),
                        faults.episodes().size(), epsilon, r.violationMinutes(), r.instanceHours());
                log.add(line);
                progress.accept(line);
                episode++;
            }
        }
        String on = usable.size() + " training window(s), " + minutes + " minutes over " + s.epochs() + " epoch(s): "
                + String.join(", ", usable.stream().map(Window::name).toList());
        return new Training(PolicyModel.of(now, on, q.weights(), s), minutes, (System.nanoTime() - started) / 1e9,
                log);
    }
}
