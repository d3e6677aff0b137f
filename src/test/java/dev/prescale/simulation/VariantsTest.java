package dev.prescale.simulation;

import dev.prescale.profile.ProfileFiles;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VariantsTest {

    static final Variants AB = Variants.parse("A 50: GET /browse 70, POST /checkout 5; B 50: GET /browse 50, "
            + "POST /checkout 30");

    @Test
    void theVariantsPartsAddUpToThePlanStepByStepAndInterleave() {
        InjectionPlan plan = InjectionPlanner.plan(ProfileFiles.open(ProfileFiles.DEFAULT_FOLDER).byId(
                "storefront-daily"), InjectionOptions.DEFAULTS.withTimeCompression(1440));
        Variants uneven = Variants.parse("control 70: GET /browse 1; new 30: GET /search 1");

        for (Variants v : List.of(AB, uneven)) {
            List<InjectionPlan> parts = v.split(plan);
            for (int s = 0; s < plan.steps().size(); s++) {
                int step = s;
                assertThat(parts.stream().mapToLong(p -> p.steps().get(step).users()).sum())
                        .isEqualTo(plan.steps().get(s).users());
            }
            assertThat(parts.stream().mapToLong(InjectionPlan::plannedUsers).sum()).isEqualTo(plan.plannedUsers());
        }
        // 50/50 deals arrivals alternately: no step differs by more than one between A and B
        List<InjectionPlan> ab = AB.split(plan);
        for (int s = 0; s < plan.steps().size(); s++) {
            assertThat(Math.abs(ab.get(0).steps().get(s).users() - ab.get(1).steps().get(s).users()))
                    .isLessThanOrEqualTo(1);
        }
        List<InjectionPlan> seventyThirty = uneven.split(plan);
        assertThat(seventyThirty.get(0).plannedUsers() / (double) plan.plannedUsers()).isBetween(0.69, 0.71);
        assertThat(uneven.share(uneven.variants().get(1))).isEqualTo(0.3);
    }

    @Test
    void badVariantsNameTheEntryAndTheForm() {
        assertThatThrownBy(() -> Variants.parse("A: GET /browse 1")).hasMessageContaining("'A: GET /browse 1'")
                .hasMessageContaining("name weight: request mix");
        assertThatThrownBy(() -> Variants.parse("A 0: GET /browse 1")).hasMessageContaining("'A 0: GET /browse 1'");
        assertThatThrownBy(() -> Variants.parse("A 1: GET /x 1; A 2: GET /y 1")).hasMessageContaining("named twice");
        assertThatThrownBy(() -> Variants.parse("A 1: browse")).hasMessageContaining("METHOD /path weight");
        assertThat(Variants.from(java.util.Map.of()).present()).isFalse();
        assertThat(AB.variants().get(1).tier()).isEqualTo("variant-B");
    }
}
