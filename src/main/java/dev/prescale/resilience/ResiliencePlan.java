package dev.prescale.resilience;

import dev.prescale.chaos.Fault;
import dev.prescale.chaos.FaultSchedule;
import dev.prescale.issues.IssueModel;
import dev.prescale.issues.IssueType;
import dev.prescale.issues.SimulatedIssue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * An issue stream laid out for a resilience rehearsal. Issues are grouped into episodes (an issue and those starting
 * within {@link IssueModel#CO_WINDOW} of the one before it: co-occurring issues stay together), and each episode is
 * played in its own slot: a quiet lead, its faults with their offsets and durations compressed, then time to recover.
 * One episode at a time, so whatever the SLO and the controller do in a slot is that episode's doing.
 *
 * @param skipped issues with no fault to play ({@link IssueType}), and those dropped by the episode limit
 */
public record ResiliencePlan(FaultSchedule schedule, List<Episode> episodes, List<SimulatedIssue> skipped,
                             Layout layout) {

    /**
     * @param lead          quiet time before each episode's first fault (the fleet watch's baseline)
     * @param compression   issue seconds per rehearsal second, for offsets within an episode and for durations
     * @param shortest      no fault plays shorter (the loop needs time to answer)
     * @param longest       nor longer
     * @param recoverWithin after the episode's last fault ends, how long the system may take to meet the SLO again
     * @param settle        how long it must then keep meeting it; the slot ends after this
     * @param maxEpisodes   the most episodes one rehearsal plays: beyond, the most severe are kept
     * @param fleetSize     instances of the shadow fleet (crashes never take all of them)
     */
    public record Layout(Duration lead, double compression, Duration shortest, Duration longest,
                         Duration recoverWithin, Duration settle, int maxEpisodes, int fleetSize) {

        public static final Layout DEFAULTS = new Layout(Duration.ofSeconds(15), 60, Duration.ofSeconds(5),
                Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(10), 40, 3);

        public Layout {
            if (!(compression >= 1) || shortest.isNegative() || shortest.isZero() || longest.compareTo(shortest) < 0
                    || lead.isNegative() || recoverWithin.isNegative() || settle.isNegative() || settle.isZero()
                    || maxEpisodes < 1 || fleetSize < 2) {
                throw new IllegalArgumentException("resilience layout: compression >= 1, 0 < shortest <= longest, "
                        + "settle > 0, at least one episode and a fleet of two or more (a crash leaves one), but had "
                        + "compression " + compression + ", shortest " + shortest + ", longest " + longest
                        + ", lead " + lead + ", recoverWithin " + recoverWithin + ", settle " + settle
                        + ", maxEpisodes " + maxEpisodes + ", fleet " + fleetSize);
            }
        }

        public Layout withCompression(double c) {
            return new Layout(lead, c, shortest, longest, recoverWithin, settle, maxEpisodes, fleetSize);
        }

        public Layout withFleetSize(int instances) {
            return new Layout(lead, compression, shortest, longest, recoverWithin, settle, maxEpisodes, instances);
        }

        public Layout withMaxEpisodes(int n) {
            return new Layout(lead, compression, shortest, longest, recoverWithin, settle, n, fleetSize);
        }

        public Layout withTimes(Duration lead, Duration shortest, Duration longest, Duration recoverWithin,
                                Duration settle) {
            return new Layout(lead, compression, shortest, longest, recoverWithin, settle, maxEpisodes, fleetSize);
        }
    }

    /**
     * One episode and its slot, as offsets from the rehearsal's start.
     *
     * @param faultStart the first fault's start
     * @param faultEnd   the last fault's end
     * @param slotEnd    {@code faultEnd + recoverWithin + settle}: where the next slot begins
     */
    public record Episode(int number, List<SimulatedIssue> issues, List<Fault> faults, Duration slotStart,
                          Duration faultStart, Duration faultEnd, Duration slotEnd) {

        public Episode {
            issues = List.copyOf(issues);
            faults = List.copyOf(faults);
        }

        /** The worst severity among its issues. */
        public String severity() {
            return issues.stream().map(SimulatedIssue::severity).max(Comparator.comparingInt(ResiliencePlan::rank))
                    .orElse("minor");
        }
    }

    public ResiliencePlan {
        episodes = List.copyOf(episodes);
        skipped = List.copyOf(skipped);
    }

    /** How long the rehearsal's traffic must run: to the end of the last slot. */
    public Duration length() {
        return episodes.isEmpty() ? Duration.ZERO : episodes.get(episodes.size() - 1).slotEnd();
    }

    /**
     * Lays out {@code issues} (oldest first, as the simulator makes them).
     *
     * @throws IllegalArgumentException when no issue has a fault to play, or the rehearsal would pass the hard limit
     *                                  of a chaos schedule
     */
    public static ResiliencePlan of(String name, List<SimulatedIssue> issues, Layout layout) {
        List<SimulatedIssue> skipped = new ArrayList<>();
        List<List<SimulatedIssue>> groups = new ArrayList<>();
        SimulatedIssue previous = null;
        for (SimulatedIssue issue : issues.stream().sorted(Comparator.comparing(SimulatedIssue::start)).toList()) {
            if (IssueType.of(issue.type()).isEmpty()) {
                skipped.add(issue);
                continue;
            }
            boolean joins = previous != null
                    && issue.start().isBefore(previous.start().plus(IssueModel.CO_WINDOW));
            if (!joins) {
                groups.add(new ArrayList<>());
            }
            groups.get(groups.size() - 1).add(issue);
            previous = issue;
        }
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("none of the " + issues.size() + " issues has a fault the shadow "
                    + "environment can play (types: latency, errors, crash, slowdown, outage)");
        }
        if (groups.size() > layout.maxEpisodes()) {
            List<List<SimulatedIssue>> kept = groups.stream().sorted(Comparator.comparingInt(
                    (List<SimulatedIssue> g) -> g.stream().mapToInt(i -> rank(i.severity())).max().orElse(0))
                    .reversed().thenComparing(g -> g.get(0).start())).limit(layout.maxEpisodes()).toList();
            groups.stream().filter(g -> !kept.contains(g)).forEach(skipped::addAll);
            groups = kept.stream().sorted(Comparator.comparing(g -> g.get(0).start())).toList();
        }
        List<Episode> episodes = new ArrayList<>();
        List<Fault> all = new ArrayList<>();
        Duration slotStart = Duration.ZERO;
        for (List<SimulatedIssue> group : groups) {
            Duration first = slotStart.plus(layout.lead());
            List<Fault> faults = new ArrayList<>();
            Duration end = first;
            for (SimulatedIssue issue : group) {
                Duration offset = compressed(Duration.between(group.get(0).start(), issue.start()), layout);
                Duration length = clamp(compressed(issue.duration(), layout), layout);
                Fault f = IssueType.of(issue.type()).orElseThrow().fault(first.plus(offset), length,
                        issue.magnitude(), issue.component(), layout.fleetSize());
                faults.add(f);
                end = end.compareTo(f.end()) > 0 ? end : f.end();
            }
            Duration slotEnd = end.plus(layout.recoverWithin()).plus(layout.settle());
            episodes.add(new Episode(episodes.size() + 1, group, faults, slotStart, first, end, slotEnd));
            all.addAll(faults);
            slotStart = slotEnd;
        }
        Duration length = slotStart;
        if (length.compareTo(FaultSchedule.HARD_LIMIT) > 0) {
            throw new IllegalArgumentException("a resilience rehearsal of " + episodes.size() + " episodes would run "
                    + length + ", past the " + FaultSchedule.HARD_LIMIT.toHours() + " h limit; lower maxEpisodes or "
                    + "the lead, recovery and settle times");
        }
        return new ResiliencePlan(new FaultSchedule(name, all, length), episodes, skipped, layout);
    }

    /** The episode whose slot holds {@code offset}, if any. */
    public Optional<Episode> at(Duration offset) {
        return episodes.stream().filter(e -> offset.compareTo(e.slotStart()) >= 0
                && offset.compareTo(e.slotEnd()) < 0).findFirst();
    }

    static int rank(String severity) {
        return switch (severity) {
            case "beyond-history" -> 3;
            case "critical" -> 2;
            case "major" -> 1;
            default -> 0;
        };
    }

    private static Duration compressed(Duration d, Layout layout) {
        return Duration.ofMillis(Math.round(d.toMillis() / layout.compression()));
    }

    private static Duration clamp(Duration d, Layout layout) {
        return d.compareTo(layout.shortest()) < 0 ? layout.shortest()
                : d.compareTo(layout.longest()) > 0 ? layout.longest() : d;
    }
}
