package dev.prescale.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prescale.capacity.CapacityModel;
import dev.prescale.controller.Controller;
import dev.prescale.controller.ControllerConfig;
import dev.prescale.profile.RateTrace;
import dev.prescale.scaling.Bounds;
import dev.prescale.scaling.ScalingExecutor;
import dev.prescale.scaling.ScalingPolicy;
import dev.prescale.scaling.SurgeTiers;
import dev.prescale.scaling.aws.Ec2AutoScalingScaler;
import dev.prescale.shadow.ShadowAws;
import dev.prescale.shadow.ShadowConfig;
import dev.prescale.shadow.ShadowFleet;
import dev.prescale.simulation.GatlingProcess;
import dev.prescale.store.ProfileStore;
import dev.prescale.store.influx.InfluxConfig;
import dev.prescale.store.influx.InfluxServer;
import dev.prescale.store.influx.InfluxStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every InfluxQL query of the dashboards and alert rules, run against the real InfluxDB after a short rehearsal and two
 * controller ticks have written their data, with the template variables substituted as Grafana would: each must return
 * series of the expected shape (the columns it names, the tags it groups by, values that are not all null). Then the
 * predicted-against-actual panel's data is drawn (its actual is a 15-second rehearsal, a short stroke; EndToEndIT
 * draws the panel over a launch it predicted, to {@code target/grafana/predicted-vs-actual.png}).
 */
class GrafanaIT {

    static final String GROUP = "grafana-asg";
    static final String SERIES = "shop";
    static final String PROFILE = "storefront-daily";
    static final Path OUT = Path.of("target", "grafana");
    static final Pattern TIME_FILTER = Pattern.compile("\\$timeFilter");

    @BeforeAll
    static void credentials() {
        System.setProperty("aws.accessKeyId", "AKIDSHADOWEXAMPLE");
        System.setProperty("aws.secretAccessKey", "shadow-secret-not-a-real-key");
        System.setProperty("aws.region", "us-east-1");
    }

    /** Requests per 5 minutes over 14 days ending at {@code end}: 2 to 10 req/s daily, the last 10 minutes down. */
    static RateTrace history(Instant end) {
        Random random = new Random(11);
        double[] counts = new double[14 * 288];
        Instant start = end.minus(Duration.ofMinutes(5L * counts.length));
        for (int i = 0; i < counts.length; i++) {
            double hour = start.plus(Duration.ofMinutes(5L * i)).atZone(ZoneOffset.UTC).getHour() + (i % 12) / 12.0;
            counts[i] = 300 * (6 + 4 * Math.cos(2 * Math.PI * (hour - 14) / 24)) * Math.exp(0.05
                    * random.nextGaussian());
        }
        counts[counts.length - 1] = 0;
        counts[counts.length - 2] = 0;
        return RateTrace.of(start, 300, counts);
    }

    @Test
    void everyDashboardAndAlertQueryReturnsDataOfTheExpectedShape() throws Exception {
        String db = InfluxServer.newDatabase();
        String runId = "grafana-it-" + System.nanoTime();
        GatlingProcess.Result rehearsal = GatlingProcess.run("dev.prescale.simulations.ProfileSimulation",
                rehearsalSettings(db, runId), OUT, Duration.ofMinutes(2));
        assertThat(rehearsal.exitCode()).as(rehearsal.output()).isZero();

        Instant tick = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        tick = tick.minusSeconds(tick.getEpochSecond() % 300); // on the history's 5-minute grid
        runController(db, tick);
        // the resilience panel reads what a resilience rehearsal writes: its episodes, here the report's own points
        try (InfluxStore store = InfluxStore.connect(InfluxConfig.of(InfluxServer.url(), db))) {
            var report = dev.prescale.report.ReportsTest.resilience();
            store.write(new dev.prescale.resilience.ResilienceReport(report.name(), runId, tick.minus(
                    Duration.ofMinutes(10)), report.slo(), report.outcomes(), report.skipped(), null).points());
            store.flush(Duration.ofSeconds(30));
        }
        // the cost panel reads what `prescale plan` writes from the rehearsal's load signatures
        Path config = Files.writeString(OUT.resolve("plan-" + runId + ".yaml"), "store: influx\ninflux.url: "
                + InfluxServer.url() + "\ninflux.database: " + db + "\n");
        assertThat(dev.prescale.cli.PrescaleCli.commandLine().execute("plan", "-c", config.toString(), "--run", runId,
                "--peak", "GET /browse 300, POST /checkout 40")).isZero();

        Map<String, String> values = Map.of("profile", PROFILE, "run_id", runId, "group", GROUP, "series", SERIES);
        String range = "time >= " + tick.minus(Duration.ofHours(6)).toEpochMilli() + "ms and time <= "
                + tick.plus(Duration.ofHours(6)).toEpochMilli() + "ms";
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<Path, JsonNode> d : GrafanaFiles.dashboards().entrySet()) {
            Map<String, String> variables = new HashMap<>();
            for (GrafanaFiles.Query q : GrafanaFiles.queries(d.getKey(), d.getValue())) {
                String influxQl = substitute(q.query(), variables, range, "1m");
                checked++;
                List<JsonNode> series = run(db, influxQl, q, problems);
                if (q.kind().equals("variable")) { // Grafana offers the values; the IT picks its own run's
                    String name = q.where().substring(q.where().lastIndexOf(' ') + 1);
                    List<String> offered = new ArrayList<>();
                    series.forEach(s -> s.path("values").forEach(v -> offered.add(v.get(1).asText())));
                    if (!offered.contains(values.get(name))) {
                        problems.add(q.where() + " offers " + offered + ", not " + values.get(name));
                    }
                    variables.put(name, values.get(name));
                }
            }
        }
        for (GrafanaFiles.Query q : GrafanaFiles.alertQueries()) {
            checked++;
            run(db, q.query(), q, problems);
        }
        System.out.println("grafana IT: " + checked + " queries run");
        assertThat(problems).isEmpty();
        assertThat(checked).isGreaterThan(20);

        Path png = PanelPicture.predictedAgainstActual(db, Map.of("group", GROUP, "run_id", runId),
                tick.minus(Duration.ofMinutes(10)), tick.plus(Duration.ofMinutes(65)), "1m", "data of GrafanaIT",
                OUT.resolve("grafana-it-predicted-vs-actual.png"));
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1000);
        long coloured = 0;
        for (int x = 0; x < image.getWidth(); x += 2) {
            for (int y = 0; y < image.getHeight(); y += 2) {
                int rgb = image.getRGB(x, y);
                int r = rgb >> 16 & 0xff;
                int b = rgb & 0xff;
                coloured += b > r + 30 ? 1 : 0; // the band (light) and the predicted line are blue
            }
        }
        assertThat(coloured).as("the interval band drawn in " + png).isGreaterThan(500);
    }

    private static Map<String, String> rehearsalSettings(String db, String runId) {
        Map<String, String> p = new HashMap<>();
        p.put("prescale.profile", PROFILE);
        p.put("prescale.runLength", "8s");
        p.put("prescale.store", "influx");
        p.put("prescale.influx.url", InfluxServer.url());
        p.put("prescale.influx.database", db);
        p.put("prescale.runId", runId);
        return p;
    }

    /** Two ticks 30 minutes apart: the second checks the first's forecast and finds the outage anomalous. */
    private static void runController(String db, Instant tick) {
        ShadowFleet fleet = new ShadowFleet(ShadowConfig.DEFAULTS.withInstances(2), System.nanoTime());
        try (ShadowAws aws = ShadowAws.start(fleet, GROUP, "service/shadow/grafana", 1, 20);
             Ec2AutoScalingScaler scaler = Ec2AutoScalingScaler.create(Optional.of(aws.endpoint()));
             InfluxStore store = InfluxStore.connect(InfluxConfig.of(InfluxServer.url(), db))) {
            ProfileStore profiles = new ProfileStore(store, Path.of("."));
            profiles.saveHistory(SERIES, "grafana-it", history(tick), Instant.EPOCH, tick.plus(Duration.ofDays(1)));
            store.flush(Duration.ofSeconds(30));
            ScalingPolicy policy = new ScalingPolicy(0.7, 0.8, Duration.ofMinutes(10), 0.35, Duration.ofMinutes(30),
                    Duration.ofMinutes(5), Duration.ofMinutes(15), Bounds.honoring(1, 20), SurgeTiers.DEFAULTS, true);
            Controller controller = new Controller(new ControllerConfig(GROUP, SERIES, null, Duration.ofMinutes(5),
                    Duration.ofHours(1), Duration.ofMinutes(30), Duration.ofDays(1), new CapacityModel(0.02, 0.1, 0.01),
                    policy), profiles, store, scaler, new ScalingExecutor(scaler, store, Clock.systemUTC(), true),
                    surgeWatch(store, tick));
            controller.tick(tick.minus(Duration.ofMinutes(30)));
            controller.tick(tick);
            store.flush(Duration.ofSeconds(30));
        }
    }

    /** The users of a shop's week of log, stored as a behaviour profile the controller watches. */
    private static dev.prescale.behaviour.SurgeWatch surgeWatch(InfluxStore store, Instant tick) {
        Duration shift = Duration.between(dev.prescale.behaviour.BehaviourProfileTest.log(1).get(0).time(),
                tick.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(8)));
        var week = dev.prescale.behaviour.BehaviourProfileTest.log(7).stream().map(e ->
                new dev.prescale.signature.AccessLog.Entry(e.client(), e.time().plus(shift), e.method(), e.path(),
                        e.status(), e.bytes(), e.referrer(), e.userAgent())).toList();
        var profile = dev.prescale.behaviour.BehaviourProfile.fit("grafana-shop", week,
                dev.prescale.behaviour.Sessionizer.DEFAULT_GAP, dev.prescale.behaviour.Grouping.SOURCES);
        dev.prescale.behaviour.BehaviourStore.save(store, profile, Map.of());
        return new dev.prescale.behaviour.SurgeWatch(profile, Map.of(), null);
    }

    static String substitute(String query, Map<String, String> variables, String range, String interval) {
        String q = TIME_FILTER.matcher(query).replaceAll(range)
                .replace("$__interval_ms", String.valueOf(Duration.parse("PT" + interval.toUpperCase()).toMillis()))
                .replace("$__interval", interval);
        for (Map.Entry<String, String> v : variables.entrySet()) { // regex-escaped, as Grafana does inside /.../
            q = q.replace("$" + v.getKey(), v.getValue().replaceAll("[.*+?^${}()|\\[\\]\\\\/]", "\\\\$0"));
        }
        return q;
    }

    /** Runs one query and notes every way its result falls short of the shape the query promises. */
    private static List<JsonNode> run(String db, String influxQl, GrafanaFiles.Query q, List<String> problems)
            throws Exception {
        JsonNode result = query(db, influxQl).path("results").get(0);
        List<JsonNode> series = new ArrayList<>();
        result.path("series").forEach(series::add);
        if (result.has("error") || series.isEmpty()) {
            problems.add(q.where() + " returned " + (result.has("error") ? result.path("error").asText() : "nothing")
                    + ": " + influxQl);
            return series;
        }
        for (JsonNode s : series) {
            List<String> columns = new ArrayList<>();
            s.path("columns").forEach(c -> columns.add(c.asText()));
            for (String column : q.columns()) {
                if (!columns.contains(column)) {
                    problems.add(q.where() + ": no column " + column + " in " + columns);
                }
            }
            for (String tag : q.groupTags()) {
                if (!s.path("tags").has(tag)) {
                    problems.add(q.where() + ": series without the tag it groups by, " + tag);
                }
            }
        }
        boolean anyValue = false;
        for (JsonNode s : series) {
            for (JsonNode row : s.path("values")) {
                for (int i = 1; i < row.size(); i++) {
                    anyValue |= !row.get(i).isNull();
                }
            }
        }
        if (!anyValue) {
            problems.add(q.where() + ": only nulls: " + influxQl);
        }
        return series;
    }

    static JsonNode query(String db, String influxQl) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        InfluxServer.url() + "/query?epoch=s&db=" + URLEncoder.encode(db, StandardCharsets.UTF_8)
                                + "&q=" + URLEncoder.encode(influxQl, StandardCharsets.UTF_8))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(influxQl + " -> " + response.body()).isEqualTo(200);
        return GrafanaFiles.JSON.readTree(response.body());
    }
}
