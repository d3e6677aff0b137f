package dev.prescale.resilience;

import dev.prescale.profile.Slo;

import java.time.Duration;

/**
 * Everything a resilience rehearsal runs with: the laid-out issues, the SLO that judges them, the traffic, the loop
 * under test, and the shadow fleet it starts from.
 *
 * @param rate requests per second, steady through the whole rehearsal
 */
public record ResilienceRun(ResiliencePlan plan, Slo slo, double rate, ResilienceRehearsal.Loop loop,
                            int instances, Duration warmUp) {

    public ResilienceRun {
        if (!(rate > 0 && rate <= 2000)) {
            throw new IllegalArgumentException("resilience.rate must be in (0, 2000] requests/s, but was " + rate);
        }
        if (instances < 1 || instances > loop.policy().bounds().max()) {
            throw new IllegalArgumentException("shadow.instances=" + instances + " must be at least 1 and within "
                    + "scaling.max=" + loop.policy().bounds().max());
        }
    }
}
