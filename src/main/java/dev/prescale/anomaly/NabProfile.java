package dev.prescale.anomaly;

import java.util.List;

/**
 * A Numenta Anomaly Benchmark scoring profile: the weights of a true positive, a missed window and a false positive.
 *
 * @param name     NAB's name for it
 * @param tpWeight reward of the earliest detection in a window, at the window's start
 * @param fnWeight cost of a window with no detection
 * @param fpWeight cost of a detection far from any window (nearer after a window costs less)
 */
public record NabProfile(String name, double tpWeight, double fnWeight, double fpWeight) {

    public static final NabProfile STANDARD = new NabProfile("standard", 1.0, 1.0, 0.11);
    public static final NabProfile REWARD_LOW_FP = new NabProfile("reward_low_FP_rate", 1.0, 1.0, 0.22);
    public static final NabProfile REWARD_LOW_FN = new NabProfile("reward_low_FN_rate", 1.0, 2.0, 0.11);
    public static final List<NabProfile> ALL = List.of(STANDARD, REWARD_LOW_FP, REWARD_LOW_FN);
}
