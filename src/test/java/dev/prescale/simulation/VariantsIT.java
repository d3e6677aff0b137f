package dev.prescale.simulation;

import dev.prescale.profile.LoadProfile;
import dev.prescale.profile.ProfileFiles;
import dev.prescale.store.LineProtocolFileStore;
import dev.prescale.store.Point;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An A/B rehearsal on real parts: ProfileSimulation in its own Gatling JVM sends the storefront's day in 10 s to the
 * embedded shadow, half the arrivals as variant A (browsing, 5% checkouts), half as B (30% checkouts); each variant's
 * requests are exactly its part of the plan, each is judged on its own results, and B, whose requests cost more, is
 * sized for more instances than A at the same peak.
 */
class VariantsIT {

    @Test
    void variantsRunSideBySideAndAreJudgedAndSizedApart() throws Exception {
        Path store = BaselineSimulationIT.RESULTS.resolve("variants-store-" + System.nanoTime());
        String variants = "A 50: GET /browse 95, POST /checkout 5; B 50: GET /browse 70, POST /checkout 30";
        GatlingProcess.Result result = GatlingProcess.run("dev.prescale.simulations.ProfileSimulation", Map.of(
                "prescale.profile", "storefront-daily", "prescale.runLength", "10s", "prescale.variants", variants,
                "prescale.shadow.instances", "4", "prescale.store.folder", store.toString(),
                "prescale.runId", "variants-it"), BaselineSimulationIT.RESULTS, Duration.ofMinutes(2));

        assertThat(result.exitCode()).as(result.output()).isZero();
        String output = result.output();
        int table = output.indexOf("A/B rehearsal");
        System.out.println(table < 0 ? "no A/B table" : output.substring(table, output.indexOf("\n", output.indexOf(
                "\nB ", table) + 1)));
        LoadProfile profile = ProfileFiles.open(ProfileFiles.DEFAULT_FOLDER).byId("storefront-daily");
        InjectionPlan plan = Prescale.plan(profile, RehearsalSettings.from(Map.of("prescale.runLength", "10s"))
                .injectionOptions(profile.durationSeconds()));
        List<InjectionPlan> parts = Variants.parse(variants).split(plan);
        assertThat(result.requestCount()).isEqualTo(plan.plannedUsers());
        assertThat(result.output()).contains("A/B rehearsal variants-it");
        try (LineProtocolFileStore files = new LineProtocolFileStore(null, store)) {
            Instant end = Instant.parse("2262-01-01T00:00:00Z");
            Map<String, Point> tiers = files.read("tier_summary", Map.of("run_id", "variants-it"), Instant.EPOCH, end)
                    .stream().collect(Collectors.toMap(p -> p.tags().get("tier"), p -> p));
            assertThat(tiers.get("variant-A").number("requests")).isEqualTo((double) parts.get(0).plannedUsers());
            assertThat(tiers.get("variant-B").number("requests")).isEqualTo((double) parts.get(1).plannedUsers());
            Map<String, Point> summary = files.read("variant_summary", Map.of("run_id", "variants-it"), Instant.EPOCH,
                    end).stream().collect(Collectors.toMap(p -> p.tags().get("variant"), p -> p));
            assertThat(summary).containsOnlyKeys("A", "B");
            assertThat(summary.get("A").number("slo_breaches")).isNotNull();
            assertThat(summary.get("B").number("instances_at_peak")).as(result.output())
                    .isGreaterThan(summary.get("A").number("instances_at_peak"));
            assertThat(summary.get("B").number("cost_per_hour")).isGreaterThan(summary.get("A").number(
                    "cost_per_hour"));
        }
    }
}
