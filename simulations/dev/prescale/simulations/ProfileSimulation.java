package dev.prescale.simulations;

import dev.prescale.controller.LoopPreview;
import dev.prescale.profile.LoadProfile;
import dev.prescale.profile.Slo;
import dev.prescale.simulation.InjectionPlan;
import dev.prescale.simulation.IntensityDial;
import dev.prescale.simulation.Prescale;
import dev.prescale.simulation.Recording;
import dev.prescale.simulation.RehearsalSettings;
import dev.prescale.simulation.RehearsalTarget;
import dev.prescale.simulation.Shard;
import dev.prescale.simulation.ShardBarrier;
import dev.prescale.simulation.VariantReport;
import dev.prescale.simulation.Variants;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;

import java.util.ArrayList;
import java.util.List;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * Tier 2: runs any load profile by id, time-compressed, against the target, and fails the build when the profile's
 * objective (or the one given on the command line) is missed.
 *
 * <pre>
 * mvn gatling:test                                                 # storefront-daily, one minute, embedded shadow
 * mvn gatling:test -Dprescale.profile=black-friday -Dprescale.runLength=2m
 * mvn gatling:test -Dprescale.target=http://127.0.0.1:8080 -Dprescale.slo.p95=300ms
 * </pre>
 *
 * Each user sends one request from the request mix, so Gatling's request count is the profile's integral.
 */
public class ProfileSimulation extends Simulation {

    private final RehearsalSettings settings = RehearsalSettings.fromSystemProperties();
    private final LoadProfile profile = Prescale.profile(settings.profileId());
    // this injector's share when several send the rehearsal (an Indexed Job's pods): every step's users dealt out
    private final Shard shard = Shard.from(RehearsalSettings.configuration(), System.getenv());
    private final InjectionPlan plan = Prescale.plan(profile, settings.injectionOptions(profile.durationSeconds()))
            .shard(shard.index(), shard.count());
    private final ShardBarrier.Alignment alignment = new ShardBarrier.Alignment(plan, shard,
            java.time.Clock.systemUTC());
    private final RehearsalTarget target = RehearsalTarget.open(settings);
    // injected at the most the dial may be set to; each user sends with probability current / most
    private final IntensityDial dial = settings.intensityFile().map(file -> IntensityDial.follow(file,
            settings.intensity(), settings.intensity())).orElse(null);
    private final Slo slo = profile.slo().overriddenBy(settings.sloOverride());
    private final Variants variants = Variants.from(RehearsalSettings.configuration());
    private final Recording recording = Recording.open(RehearsalSettings.configuration(), System.getenv(), target,
            getClass().getSimpleName(), profile.profileId(), plan.expectedRequests(), slo);

    {
        System.out.printf("Prescale: profile %s (%s, %s), compressed %.1fx into %d s: %d steps, %.1f requests expected,"
                        + " peak %.1f/s, against %s%s%n", profile.profileId(), profile.pattern().type(),
                profile.duration(), plan.timeCompression(), plan.runSeconds(), plan.steps().size(),
                plan.expectedRequests(), plan.peakRate(), target.baseUrl(), shard.sharded() ? "; shard "
                        + shard.index() + " of " + shard.count() + ", " + plan.plannedUsers() + " users" : "");

        List<Assertion> assertions = new ArrayList<>(Prescale.sloAssertions(slo));
        settings.countTolerance().ifPresent(tolerance -> assertions.add(Prescale.requestCountWithin(plan, tolerance)));

        List<PopulationBuilder> populations = new ArrayList<>();
        if (variants.present()) { // A/B: the plan's arrivals dealt to the variants by weight, each with its own mix
            List<InjectionPlan> parts = variants.split(plan);
            for (int i = 0; i < parts.size(); i++) {
                Variants.Variant v = variants.variants().get(i);
                populations.add(scenario("variant " + v.name()).exec(arrival(v.mix().oneRequest(
                        recording.recorder(), v.tier()))).injectOpen(Prescale.injection(parts.get(i))));
            }
        } else {
            populations.add(scenario("forecast " + profile.profileId()).exec(arrival(settings.mix().oneRequest(
                    recording.recorder(), "forecast"))).injectOpen(Prescale.injection(plan)));
        }
        if (settings.baselineAlongside()) { // tier 1 under tier 2: the constant low traffic that is always there
            populations.add(scenario("baseline").exec(settings.mix().eachInTurn(recording.recorder(), "baseline"))
                    .injectOpen(constantUsersPerSec(settings.baselineRate()).during(plan.runSeconds())));
        }
        setUp(populations)
                .protocols(Prescale.protocol(target.baseUrl()))
                .assertions(assertions);
    }

    /**
     * What one arrival does: waits for its moment on the shards' clock when sharded (every arrival, so the k-th user
     * takes the plan's k-th moment), then sends when the intensity dial admits it.
     */
    private ChainBuilder arrival(ChainBuilder request) {
        ChainBuilder admitted = dial == null ? request : doIf(session -> dial.admit()).then(request);
        return shard.sharded() ? exec(pause(session -> alignment.pause())).exec(admitted) : admitted;
    }

    /** Sharded: wait for the agreed start (or the others, at the barrier), so every shard's second 0 is the same. */
    @Override
    public void before() {
        if (!shard.sharded()) {
            return;
        }
        try {
            java.time.Instant start = ShardBarrier.start(shard, recording.store(), recording.recorder() == null ? ""
                    : recording.recorder().run().runId(), java.time.Clock.systemUTC());
            System.out.printf("Prescale: shard %d of %d starts at %s%n", shard.index(), shard.count(), start);
            alignment.startAt(start);
            ShardBarrier.sleepUntil(start.minus(ShardBarrier.PRE_ROLL), java.time.Clock.systemUTC());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted before the shards' start", e);
        }
    }

    @Override
    public void after() {
        if (shard.sharded() && alignment.lateMillis() > 0) {
            System.out.printf("Prescale: shard %d began %d ms after the agreed start (Gatling's start-up outlasted "
                    + "the %s pre-roll)%n", shard.index(), alignment.lateMillis(), ShardBarrier.PRE_ROLL);
        }
        if (dial != null) {
            dial.close();
        }
        // the loop on this run: capacity model from its results, what the profile's peak needs (dry-run)
        recording.close((store, runId) -> {
            if (variants.present()) {
                System.out.print(VariantReport.after(store, runId, variants, plan.peakRate(),
                        RehearsalSettings.configuration()));
            }
            if (target.shadow().isPresent()) {
                System.out.println(LoopPreview.after(store, runId, profile, plan.peakRate()));
            }
        });
        target.close();
    }
}
