package dev.prescale.simulation;

import io.gatling.javaapi.core.OpenInjectionStep;
import scala.collection.Iterator;
import scala.concurrent.duration.FiniteDuration;

import java.util.List;

/**
 * Asks Gatling itself when it would start each user of a list of injection steps, by chaining the steps exactly as
 * Gatling's composite injection does. No network, no actor system: the schedule Gatling would run.
 */
final class GatlingSchedule {

    private GatlingSchedule() {
    }

    /** Users Gatling starts in each second of the run. */
    static long[] usersPerSecond(List<OpenInjectionStep> steps, int runSeconds) {
        Iterator<FiniteDuration> chain = scala.collection.Iterator$.MODULE$.empty();
        for (int i = steps.size() - 1; i >= 0; i--) {
            chain = steps.get(i).asScala().chain(chain);
        }
        long[] perSecond = new long[runSeconds + 1];
        while (chain.hasNext()) {
            long millis = chain.next().toMillis();
            perSecond[(int) Math.min(runSeconds, millis / 1000)]++;
        }
        return perSecond;
    }

    static long totalUsers(List<OpenInjectionStep> steps, int runSeconds) {
        long total = 0;
        for (long n : usersPerSecond(steps, runSeconds)) {
            total += n;
        }
        return total;
    }
}
