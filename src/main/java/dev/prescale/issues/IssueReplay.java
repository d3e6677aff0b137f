package dev.prescale.issues;

import dev.prescale.chaos.Fault;
import dev.prescale.chaos.FaultSchedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays a simulated issue stream on the shadow environment: each issue whose type has a fault ({@link IssueType})
 * becomes that fault, with time compressed so a week of issues fits a rehearsal. The result is a chaos profile that
 * ChaosSimulation (or the shadow service) runs like any other.
 */
public final class IssueReplay {

    /** The schedule, and the issues left out because no fault plays their type. */
    public record Replay(FaultSchedule schedule, List<SimulatedIssue> skipped) {
    }

    private IssueReplay() {
    }

    /**
     * @param from        the stream's time that becomes the schedule's start
     * @param compression how many seconds of the stream one second of the rehearsal plays
     * @throws IllegalArgumentException when the compressed schedule would run past the hard limit
     */
    public static Replay toSchedule(String name, List<SimulatedIssue> issues, Instant from, double compression,
                                    int fleetSize) {
        if (!(compression >= 1)) {
            throw new IllegalArgumentException("compression must be 1 or more, but was " + compression);
        }
        List<Fault> faults = new ArrayList<>();
        List<SimulatedIssue> skipped = new ArrayList<>();
        Duration last = Duration.ZERO;
        for (SimulatedIssue issue : issues) {
            var type = IssueType.of(issue.type());
            if (type.isEmpty() || issue.start().isBefore(from)) {
                skipped.add(issue);
                continue;
            }
            Duration start = Duration.ofMillis(Math.round(Duration.between(from, issue.start()).toMillis()
                    / compression));
            Duration duration = Duration.ofMillis(Math.max(1000, Math.round(issue.duration().toMillis()
                    / compression)));
            Fault fault = type.get().fault(start, duration, issue.magnitude(), issue.component(), fleetSize);
            faults.add(fault);
            last = last.compareTo(fault.end()) > 0 ? last : fault.end();
        }
        Duration max = last.plusSeconds(30);
        if (max.compareTo(FaultSchedule.HARD_LIMIT) > 0) {
            throw new IllegalArgumentException("the issue stream compressed " + compression + "x runs " + last
                    + ", past the " + FaultSchedule.HARD_LIMIT.toHours() + " h limit of a chaos schedule; compress "
                    + "it more or replay a shorter stretch");
        }
        return new Replay(new FaultSchedule(name, faults, max), skipped);
    }
}
