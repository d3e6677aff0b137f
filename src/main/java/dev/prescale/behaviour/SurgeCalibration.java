package dev.prescale.behaviour;

import dev.prescale.signature.AccessLog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Calibrates each group's surge model on the hours a profile was learned from: at each hour, the deviation seen and
 * whether the next hour surged. The expectations are the profile's own (in-sample), so a group with few surges of its
 * own keeps {@link SurgeModel#PRIOR}, which was fitted out of sample.
 */
public final class SurgeCalibration {

    /** Fewest surges (and quiet hours) a group needs for a model of its own. */
    public static final int MIN_SURGES = 10;

    private SurgeCalibration() {
    }

    /** Examples from hourly counts {@code counts} starting at {@code from}, judged against {@code profile}. */
    public static List<SurgeModel.Example> examples(BehaviourProfile profile, String group, double[] counts,
                                                    Instant from) {
        List<SurgeModel.Example> examples = new ArrayList<>();
        for (int h = 0; h + 1 < counts.length; h++) {
            double expected = profile.expectedRequests(group, from.plusSeconds(3600L * h));
            double expectedNext = profile.expectedRequests(group, from.plusSeconds(3600L * (h + 1)));
            examples.add(new SurgeModel.Example(counts[h], expected, 1,
                    SurgeModel.isSurge(counts[h + 1], expectedNext)));
        }
        return examples;
    }

    /**
     * Per group live traffic tells apart ({@link BehaviourProfile#sourceGroups()}), a model fitted on {@code entries}'
     * hours, or the prior.
     */
    public static Map<String, SurgeModel> calibrate(BehaviourProfile profile, List<AccessLog.Entry> entries,
                                                    Grouping grouping) {
        Map<String, double[]> hourly = BehaviourProfile.hourlyRequests(entries, grouping, profile.from(), profile.to());
        Map<String, SurgeModel> models = new TreeMap<>();
        for (String group : profile.sourceGroups()) {
            double[] counts = hourly.get(group);
            models.put(group, counts == null ? SurgeModel.PRIOR : SurgeModel.fit(examples(profile, group, counts,
                    profile.from()), "group " + group + ", " + profile.from() + " to " + profile.to(), MIN_SURGES,
                    SurgeModel.PRIOR));
        }
        return models;
    }
}
