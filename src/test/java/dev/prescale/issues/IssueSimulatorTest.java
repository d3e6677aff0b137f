package dev.prescale.issues;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The simulator against a history whose process is known: 120 days of issues on three components, with rates that
 * depend on the time of day, log-normal sizes, and crashes followed by errors. Fitted on the first 80 days, checked on
 * the 40 it never saw.
 */
class IssueSimulatorTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant SPLIT = T0.plus(Duration.ofDays(80));
    static final Instant END = T0.plus(Duration.ofDays(120));

    /** Per hour: latency mostly at night (backups), errors in the day (deploys), crashes any time. */
    static double rate(String type, int hour) {
        boolean day = hour >= 8 && hour < 20;
        return switch (type) {
            case "latency" -> day ? 0.02 : 0.08;
            case "errors" -> day ? 0.05 : 0.01;
            default -> 0.006;
        };
    }

    static List<Incident> history(long seed, double latencyFactorAfterSplit) {
        Random r = new Random(seed);
        List<Incident> out = new ArrayList<>();
        for (String component : List.of("/checkout", "/search", "fleet")) {
            for (String type : List.of("latency", "errors", "crash")) {
                for (Instant hour = T0; hour.isBefore(END); hour = hour.plus(Duration.ofHours(1))) {
                    double rate = rate(type, hour.atZone(ZoneOffset.UTC).getHour());
                    if (type.equals("latency") && !hour.isBefore(SPLIT)) {
                        rate *= latencyFactorAfterSplit;
                    }
                    if (r.nextDouble() < rate) {
                        Instant at = hour.plusSeconds(r.nextInt(3600));
                        double size = switch (type) {
                            case "latency" -> Math.exp(Math.log(150) + 0.6 * r.nextGaussian());
                            case "errors" -> Math.min(1, Math.exp(Math.log(0.05) + 0.8 * r.nextGaussian()));
                            default -> 1 + r.nextInt(2);
                        };
                        out.add(new Incident(at, Duration.ofSeconds(60 + r.nextInt(900)), component, type, size));
                        if (type.equals("crash") && r.nextDouble() < 0.8) { // a crash drops in-flight requests
                            out.add(new Incident(at.plusSeconds(30 + r.nextInt(240)), Duration.ofSeconds(120),
                                    component, "errors", 0.1 + 0.2 * r.nextDouble()));
                        }
                    }
                }
            }
        }
        return out;
    }

    @Test
    void theModelPredictsHeldApartHistoryAndNoticesWhenItChanged() {
        List<Incident> history = history(1, 1);
        IssueModel model = IssueModel.fit(history, T0, SPLIT, 4);

        IssueModel.FitCheck same = model.check(history, SPLIT, END);
        IssueModel.FitCheck changed = model.check(history(1, 3), SPLIT, END);

        System.out.printf("issue model on held-apart 40 days: chi2 %.1f on %d df, p = %.3f; with latency x3: "
                + "chi2 %.1f, p = %.2g%n", same.chiSquare(), same.degreesOfFreedom(), same.pValue(),
                changed.chiSquare(), changed.pValue());
        assertThat(same.pValue()).isGreaterThan(0.01);
        assertThat(changed.pValue()).as("the check can fail").isLessThan(0.001);
        List<Incident> withNewKind = new ArrayList<>(history);
        for (int i = 0; i < 20; i++) { // a kind of issue the fitted window never saw
            withNewKind.add(new Incident(SPLIT.plus(Duration.ofHours(40L * i)), Duration.ofMinutes(5), "/payments",
                    "outage", 1));
        }
        assertThat(model.check(withNewKind, SPLIT, END).pValue()).as("unseen keys count against the model")
                .isLessThan(0.001);
        IssueModel.KeyModel latency = model.keys().get("latency@/checkout");
        assertThat(latency.ratePerHour()[0]).as("00-06h, true 0.08/h").isBetween(0.06, 0.10);
        assertThat(latency.ratePerHour()[2]).as("12-18h, true 0.02/h").isBetween(0.01, 0.035);
        assertThat(model.following().get("crash@fleet")).containsKey("errors@fleet");
        assertThat(model.following().get("crash@fleet").get("errors@fleet")).isBetween(0.6, 0.95);
    }

    @Test
    void theSimulatedStreamHasTheRatesOfHistoryItWasNotFittedOn() {
        List<Incident> history = history(2, 1);
        IssueModel model = IssueModel.fit(history, T0, SPLIT, 4);
        Instant far = SPLIT.plus(Duration.ofDays(400));

        List<SimulatedIssue> stream = new IssueSimulator(model, 7).generate(SPLIT, far,
                IssueSimulator.Variation.asObserved(4));
        // the stream, taken as history, must predict the 40 days the model never saw
        IssueModel ofStream = IssueModel.fit(stream.stream().map(s -> new Incident(s.start(), s.duration(),
                s.component(), s.type(), s.magnitude())).toList(), SPLIT, far, 4);
        IssueModel.FitCheck check = ofStream.check(history, SPLIT, END);

        System.out.printf("simulated stream (400 days, %d issues) against held-apart history: chi2 %.1f on %d df, "
                + "p = %.3f%n", stream.size(), check.chiSquare(), check.degreesOfFreedom(), check.pValue());
        assertThat(check.pValue()).isGreaterThan(0.01);
        assertThat(stream).allMatch(s -> s.origin().equals("observed") || s.origin().equals("co-occurring"));
    }

    @Test
    void edgeCasesBeyondHistoryAreMadeOnPurpose() {
        List<Incident> history = history(3, 1);
        IssueModel model = IssueModel.fit(history, T0, END, 4);

        List<SimulatedIssue> stream = new IssueSimulator(model, 11).generate(END, END.plus(Duration.ofDays(365)),
                IssueSimulator.Variation.withEdgeCases(4));

        List<SimulatedIssue> tail = stream.stream().filter(s -> s.origin().equals("tail")).toList();
        List<SimulatedIssue> novel = stream.stream().filter(s -> s.origin().equals("novel-combination")).toList();
        long base = stream.stream().filter(s -> s.origin().equals("observed") || s.origin().equals("tail")).count();
        System.out.printf("edge cases in a year of %d issues: %d sized beyond history (%.1f%% of the %d drawn by "
                + "rate), %d novel combinations; e.g.%n", stream.size(), tail.size(), 100.0 * tail.size() / base, base,
                novel.size());
        tail.stream().limit(3).forEach(s -> System.out.println("  " + s));
        novel.stream().limit(2).forEach(s -> System.out.println("  " + s));
        assertThat(tail.size() / (double) base).isBetween(0.03, 0.07);
        assertThat(tail).allSatisfy(s -> {
            assertThat(s.magnitude()).isGreaterThan(model.keys().get(s.key()).largestSeen());
            assertThat(s.severity()).isEqualTo("beyond-history");
        });
        assertThat(tail).filteredOn(s -> s.type().equals("errors")).allMatch(s -> s.magnitude() <= 1);
        assertThat(novel).isNotEmpty().allSatisfy(s -> assertThat(s.predictedImpact()).isNotBlank());
        assertThat(stream).filteredOn(s -> s.origin().equals("observed"))
                .allMatch(s -> !s.severity().equals("beyond-history") || s.magnitude()
                        > model.keys().get(s.key()).largestSeen());
    }

    @Test
    void incidentFilesNameTheBadRow() {
        String csv = """
                start,end,component,type,magnitude
                2026-03-01T10:00:00Z,2026-03-01T10:05:00Z,/checkout,errors,0.2
                1772359200,1772359500,fleet,crash,1
                """;
        assertThat(IncidentFiles.parseCsv(csv, "incidents.csv")).hasSize(2);
        assertThat(IncidentFiles.parseJson("""
                [{"start": "2026-03-01T10:00:00Z", "end": "2026-03-01T10:02:00Z", "component": "fleet",
                  "type": "latency", "magnitude": 250}]""", "incidents.json")).singleElement()
                .satisfies(i -> assertThat(i.duration()).isEqualTo(Duration.ofMinutes(2)));

        assertThatThrownBy(() -> IncidentFiles.parseCsv(csv.replace("1772359200", "yesterday"), "incidents.csv"))
                .hasMessageContaining("incidents.csv line 3").hasMessageContaining("yesterday");
        assertThatThrownBy(() -> IncidentFiles.parseCsv(csv.replace(",0.2", ",-1"), "incidents.csv"))
                .hasMessageContaining("line 2").hasMessageContaining("positive");
        assertThatThrownBy(() -> IncidentFiles.parseCsv(csv.replace("10:05:00Z", "09:05:00Z"), "incidents.csv"))
                .hasMessageContaining("before start");
        assertThatThrownBy(() -> IncidentFiles.parseCsv("when,what\n", "x.csv")).hasMessageContaining("header");
        // a line break in a name once became a forged point in the store: refused here, naming the file
        assertThatThrownBy(() -> IncidentFiles.parseJson("""
                [{"start": "2026-03-01T10:00:00Z", "end": "2026-03-01T10:02:00Z",
                  "component": "web\\nscaling_action,group=prod to=0i", "type": "latency", "magnitude": 250}]""",
                "incidents.json")).hasMessageContaining("incidents.json").hasMessageContaining("line break");
        assertThatThrownBy(() -> IssueModel.fit(List.of(), T0, END, 4)).hasMessageContaining("no incident");
    }

    @Test
    void aStreamBecomesAChaosProfileTheShadowServiceCanPlay() {
        IssueModel model = IssueModel.fit(history(4, 1), T0, END, 4);
        List<SimulatedIssue> week = new IssueSimulator(model, 5).generate(END, END.plus(Duration.ofDays(7)),
                IssueSimulator.Variation.withEdgeCases(4));

        IssueReplay.Replay replay = IssueReplay.toSchedule("week-after", week, END, 7 * 24 * 3600 / 600.0, 4);

        // a week in ten minutes: every issue that has a fault is there, in order, within the run
        assertThat(replay.schedule().faults()).hasSize(week.size() - replay.skipped().size());
        assertThat(replay.schedule().lastEnd()).isLessThan(Duration.ofMinutes(11));
        assertThat(replay.schedule().faults()).filteredOn(f -> f instanceof dev.prescale.chaos.Fault.InstanceCrash)
                .allMatch(f -> ((dev.prescale.chaos.Fault.InstanceCrash) f).instances() <= 3);
        String yaml = dev.prescale.chaos.ChaosProfiles.toYaml(replay.schedule(), "a simulated week");
        assertThat(dev.prescale.chaos.ChaosProfiles.parse(yaml, "week-after.yaml")).isEqualTo(replay.schedule());
        assertThatThrownBy(() -> IssueReplay.toSchedule("year", new IssueSimulator(model, 5).generate(END,
                END.plus(Duration.ofDays(365)), IssueSimulator.Variation.asObserved(4)), END, 1, 4))
                .hasMessageContaining("compress it more");
    }
}
