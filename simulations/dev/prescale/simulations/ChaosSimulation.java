package dev.prescale.simulations;

import dev.prescale.chaos.ActiveFaults;
import dev.prescale.chaos.ChaosProxy;
import dev.prescale.chaos.ChaosRun;
import dev.prescale.chaos.Fault;
import dev.prescale.profile.Slo;
import dev.prescale.shadow.ShadowConfig;
import dev.prescale.simulation.Prescale;
import dev.prescale.simulation.Recording;
import dev.prescale.simulation.RehearsalSettings;
import dev.prescale.simulation.RehearsalTarget;
import dev.prescale.store.Point;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.Simulation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * Tier 3: steady traffic while a chaos profile's faults hit the system, and an assertion that it recovers: within
 * {@code prescale.chaos.recoverWithin} of the last fault's end, errors are back under
 * {@code prescale.chaos.maxErrorRate} (and p95 under {@code prescale.chaos.recoveredP95}, when given). A run that does
 * not recover ends in BUILD FAILURE.
 *
 * <pre>
 * mvn gatling:test -Dgatling.simulationClass=dev.prescale.simulations.ChaosSimulation \
 *     -Dprescale.chaos=instance-crash -Dprescale.shadow.instances=6
 * mvn gatling:test -Dgatling.simulationClass=dev.prescale.simulations.ChaosSimulation \
 *     -Dprescale.chaos=checkout-outage -Dprescale.target=http://127.0.0.1:8080
 * </pre>
 *
 * Against the embedded shadow service every fault applies inside the fleet; against the user's own service (on this
 * machine's loopback only) traffic goes through a fault-injecting proxy, which applies the request faults. Requests
 * run in Gatling groups named by phase (steady, fault, recovering, recovered; see {@link ChaosRun}), so the report
 * shows each phase apart.
 */
public class ChaosSimulation extends Simulation {

    private final RehearsalSettings settings = RehearsalSettings.fromSystemProperties();
    private final ChaosRun run = ChaosRun.from(RehearsalSettings.configuration());
    private final RehearsalTarget target = run.target().isPresent() ? RehearsalTarget.open(settings)
            : RehearsalTarget.shadow(ShadowConfig.DEFAULTS.withInstances(run.shadowInstances())
            .withWarmUp(run.shadowWarmUp()));
    private final ChaosProxy proxy = run.target().map(t -> ChaosProxy.start(t, 0)).orElse(null);
    private final Recording recording = Recording.open(RehearsalSettings.configuration(), System.getenv(), target,
            getClass().getSimpleName(), run.schedule().name(), run.rate() * run.runLength().toSeconds(), Slo.NONE);
    private volatile ActiveFaults faults;
    private volatile Instant startedAt;

    {
        String base = proxy != null ? proxy.baseUri().toString() : target.baseUrl();
        System.out.println("Prescale: " + run + ", against " + (proxy != null ? run.target().get()
                + " through the chaos proxy " + base : "the shadow service " + base + " ("
                + run.shadowInstances() + " instances, warm-up " + run.shadowWarmUp().toSeconds() + " s)"));
        List<Assertion> assertions = new ArrayList<>();
        assertions.add(details(ChaosRun.RECOVERED).allRequests().count().gt(0L));
        assertions.add(details(ChaosRun.RECOVERED).failedRequests().percent().lte(run.maxErrorPercent()));
        run.recoveredP95().ifPresent(p95 -> assertions.add(details(ChaosRun.RECOVERED).responseTime().percentile(95)
                .lt((int) p95.toMillis())));
        setUp(scenario("chaos " + run.schedule().name())
                .exec(group(session -> run.phase(elapsed())).on(settings.mix().oneRequest(recording.recorder(),
                        "chaos")))
                .injectOpen(constantUsersPerSec(run.rate()).during(run.runLength())))
                .protocols(Prescale.protocol(base))
                .assertions(assertions);
    }

    /** Time since the faults started; zero before. */
    private Duration elapsed() {
        ActiveFaults f = faults;
        return f == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - f.startNanos());
    }

    @Override
    public void before() {
        startedAt = Instant.now();
        faults = proxy != null ? proxy.inject(run.schedule()) : target.shadow().orElseThrow().inject(run.schedule());
    }

    @Override
    public void after() {
        // the faults stop by themselves at their end; the record says when they were on, for the dashboards
        recording.close((store, runId) -> {
            for (Fault f : run.schedule().faults()) {
                store.write(Point.of("chaos_fault", startedAt.plus(f.start())).tag("run_id", runId)
                        .tag("kind", f.kind()).tag("profile", run.schedule().name())
                        .field("end", startedAt.plus(f.end()).toString()).field("fault", f.toString()).build());
            }
            store.flush(Duration.ofSeconds(10));
        });
        if (proxy != null) {
            proxy.close();
        }
        target.close();
    }
}
