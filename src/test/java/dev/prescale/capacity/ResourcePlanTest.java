package dev.prescale.capacity;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourcePlanTest {

    static final SignatureModel MODEL = SignatureModel.fit(SignatureModelTest.costs(), SignatureModelTest.samples(0.05));
    static final ResourcePlan.Targets TARGETS = new ResourcePlan.Targets(0.7, 0.8, 0.7);
    static final InstanceType MEASURED = new InstanceType("m.4", 0.20, 4, 2, 1);

    @Test
    void theResourceThatNeedsMostInstancesBindsAndSetsTheCount() {
        // CPU: (420 x 0.04 + 180 x 0.32) = 74.4 core-s/s, a quarter per instance, over 0.68 of room: 28 instances
        Map<String, Double> checkoutHeavy = Map.of("GET /browse", 420.0, "POST /checkout", 180.0);
        ResourcePlan plan = ResourcePlan.of(MODEL, checkoutHeavy, TARGETS, MEASURED, MEASURED);

        assertThat(plan.needed()).containsEntry(Resource.CPU, 28);
        assertThat(plan.binding()).isEqualTo(Resource.CPU);
        assertThat(plan.instances()).isEqualTo(28);
        assertThat(plan.costPerHour()).isEqualTo(28 * 0.20, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(plan.describe()).contains("28 x m.4").contains("binding CPU");

        // browsing sends 6 kB a request: 20,000 browses/s are 960 Mbit/s, which a 1 Gbps instance carries at 70% on 2
        ResourcePlan browsing = ResourcePlan.of(MODEL, Map.of("GET /browse", 20_000.0), TARGETS, MEASURED,
                new InstanceType("big", 1.0, 2_000, 64, 1));
        assertThat(browsing.needed().get(Resource.NETWORK)).isEqualTo(2);
        assertThat(browsing.needed().get(Resource.CPU)).isEqualTo(1);
    }

    @Test
    void aBiggerTypeNeedsFewerInstancesAndTheCheapestFleetIsRecommended() {
        Map<String, Double> peak = Map.of("GET /browse", 420.0, "POST /checkout", 180.0);
        InstanceType large = new InstanceType("m.8", 0.36, 8, 4, 2);
        InstanceType pricey = new InstanceType("x.8", 0.90, 8, 4, 2);

        ResourcePlan onLarge = ResourcePlan.of(MODEL, peak, TARGETS, MEASURED, large);
        ResourcePlan best = ResourcePlan.cheapest(MODEL, peak, TARGETS, MEASURED, List.of(MEASURED, large, pricey));

        assertThat(onLarge.needed().get(Resource.CPU)).isEqualTo(14); // half the processor load per instance
        assertThat(best.type()).isEqualTo(large);
        assertThat(best.costPerHour()).isLessThan(28 * 0.20);
    }

    @Test
    void aTypeTooSmallForWhatAnIdleInstanceHoldsIsNeverChosen() {
        InstanceType tiny = new InstanceType("tiny", 0.01, 4, 0.3, 1); // 80% of 307 MB is less than an idle instance holds (256 MB)
        Map<String, Double> peak = Map.of("GET /browse", 42.0, "POST /checkout", 18.0);

        ResourcePlan plan = ResourcePlan.of(MODEL, peak, TARGETS, MEASURED, tiny);

        assertThat(plan.binding()).isEqualTo(Resource.MEMORY);
        assertThat(plan.instances()).isEqualTo(ResourcePlan.IMPOSSIBLE);
        assertThat(ResourcePlan.cheapest(MODEL, peak, TARGETS, MEASURED, List.of(tiny, MEASURED)).type())
                .isEqualTo(MEASURED);
    }

    @Test
    void instanceTypesParseAndBadOnesNameTheEntry() {
        assertThat(InstanceType.parseAll("m5.large:0.096:2:8:10, c5.large:0.085:2:4:10")).extracting(
                InstanceType::name).containsExactly("m5.large", "c5.large");
        assertThatThrownBy(() -> InstanceType.parseAll("m5.large:0.096:2:8")).hasMessageContaining("'m5.large:0.096:2:8'")
                .hasMessageContaining("name:pricePerHour:vcpu:memoryGiB:networkGbps");
        assertThatThrownBy(() -> InstanceType.parseAll("m5.large:cheap:2:8:10")).hasMessageContaining("m5.large:cheap");
        assertThatThrownBy(() -> new ResourcePlan.Targets(0.7, 1.5, 0.7)).hasMessageContaining("memory 1.5");
    }
}
