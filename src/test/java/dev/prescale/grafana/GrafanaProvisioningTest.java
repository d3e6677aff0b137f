package dev.prescale.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The structure Grafana requires of the files in {@code grafana/}, and every name their queries read checked against
 * profile-db/SCHEMA.md. {@link GrafanaIT} runs the queries themselves.
 */
class GrafanaProvisioningTest {

    static final Set<String> BUILT_IN = Set.of("timeFilter", "__interval", "__interval_ms", "col");
    static final Pattern VARIABLE = Pattern.compile("\\$(\\w+)");

    static Set<String> datasourceUids() {
        Set<String> uids = new HashSet<>();
        for (Path f : GrafanaFiles.files("provisioning/datasources", ".yaml")) {
            GrafanaFiles.read(f).path("datasources").forEach(d -> uids.add(d.path("uid").asText()));
        }
        return uids;
    }

    static void checkDatasource(String where, JsonNode ref, Set<String> uids, List<String> problems) {
        if (!ref.path("type").asText().equals("influxdb") || !uids.contains(ref.path("uid").asText())) {
            problems.add(where + ": datasource " + ref + " is not a provisioned InfluxDB data source");
        }
    }

    @Test
    void theDatasourceIsInfluxQlWithItsConnectionFromTheEnvironment() {
        List<Path> files = GrafanaFiles.files("provisioning/datasources", ".yaml");
        assertThat(files).isNotEmpty();
        JsonNode file = GrafanaFiles.read(files.get(0));
        assertThat(file.path("apiVersion").asInt()).isEqualTo(1);
        JsonNode ds = file.path("datasources").get(0);
        assertThat(ds.path("type").asText()).isEqualTo("influxdb");
        assertThat(ds.path("uid").asText()).isEqualTo("prescale-influxdb");
        assertThat(ds.path("jsonData").path("version").asText()).isEqualTo("InfluxQL");
        assertThat(ds.path("url").asText()).isEqualTo("${PRESCALE_INFLUX_URL}");
        assertThat(ds.path("jsonData").path("dbName").asText()).isEqualTo("${PRESCALE_INFLUX_DATABASE}");
        assertThat(ds.path("secureJsonData").path("httpHeaderValue1").asText()).contains("${PRESCALE_INFLUX_TOKEN}");
        assertThat(ds.path("jsonData").path("httpHeaderName1").asText()).isEqualTo("Authorization");
    }

    @Test
    void theDashboardProviderReadsAFolderOfFiles() {
        JsonNode provider = GrafanaFiles.read(GrafanaFiles.files("provisioning/dashboards", ".yaml").get(0))
                .path("providers").get(0);
        assertThat(provider.path("type").asText()).isEqualTo("file");
        assertThat(provider.path("options").path("path").asText()).startsWith("/");
        assertThat(provider.path("name").asText()).isNotBlank();
    }

    @Test
    void dashboardsHaveUniqueIdsAndEveryReferenceResolves() {
        Map<Path, JsonNode> dashboards = GrafanaFiles.dashboards();
        assertThat(dashboards).hasSize(2);
        Set<String> datasources = datasourceUids();
        Set<String> dashboardUids = new HashSet<>();
        List<String> problems = new ArrayList<>();
        dashboards.forEach((file, d) -> {
            String name = file.getFileName().toString();
            if (!dashboardUids.add(d.path("uid").asText()) || d.path("uid").asText().isBlank()) {
                problems.add(name + ": uid missing or used twice");
            }
            if (d.path("title").asText().isBlank() || !d.path("panels").isArray()) {
                problems.add(name + ": title and panels are required");
            }
            Set<String> variables = new HashSet<>(BUILT_IN);
            for (JsonNode v : d.path("templating").path("list")) {
                variables.add(v.path("name").asText());
                checkDatasource(name + " variable " + v.path("name").asText(), v.path("datasource"), datasources,
                        problems);
            }
            for (JsonNode a : d.path("annotations").path("list")) {
                if (a.has("query")) {
                    checkDatasource(name + " annotation " + a.path("name").asText(), a.path("datasource"),
                            datasources, problems);
                }
            }
            Set<Integer> panelIds = new HashSet<>();
            for (JsonNode p : d.path("panels")) {
                String where = name + " panel \"" + p.path("title").asText() + "\"";
                if (!p.has("id") || !panelIds.add(p.path("id").asInt())) {
                    problems.add(where + ": id missing or used twice");
                }
                for (String pos : List.of("x", "y", "w", "h")) {
                    if (!p.path("gridPos").path(pos).isInt()) {
                        problems.add(where + ": gridPos." + pos + " missing");
                    }
                }
                checkDatasource(where, p.path("datasource"), datasources, problems);
                Set<String> refIds = new HashSet<>();
                for (JsonNode t : p.path("targets")) {
                    if (!refIds.add(t.path("refId").asText()) || t.path("refId").asText().isBlank()) {
                        problems.add(where + ": refId missing or used twice");
                    }
                    if (!t.path("rawQuery").asBoolean()) {
                        problems.add(where + " " + t.path("refId").asText() + ": not a raw InfluxQL query");
                    }
                    checkDatasource(where + " " + t.path("refId").asText(), t.path("datasource"), datasources,
                            problems);
                }
                if (refIds.isEmpty()) {
                    problems.add(where + ": no query");
                }
            }
            for (GrafanaFiles.Query q : GrafanaFiles.queries(file, d)) {
                Matcher m = VARIABLE.matcher(q.query().replaceAll("\\$tag_\\w+", ""));
                while (m.find()) {
                    if (!variables.contains(m.group(1))) {
                        problems.add(q.where() + ": $" + m.group(1) + " is not a template variable");
                    }
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void alertRulesHaveWhatGrafanaRequires() {
        List<JsonNode> rules = GrafanaFiles.alertRules();
        assertThat(rules).hasSize(5);
        Set<String> datasources = datasourceUids();
        Set<String> uids = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (Path f : GrafanaFiles.files("provisioning/alerting", ".yaml")) {
            for (JsonNode g : GrafanaFiles.read(f).path("groups")) {
                for (String field : List.of("orgId", "name", "folder", "interval")) {
                    if (!g.has(field)) {
                        problems.add("group " + g.path("name").asText() + ": " + field + " missing");
                    }
                }
            }
        }
        for (JsonNode rule : rules) {
            String uid = rule.path("uid").asText();
            if (uid.isBlank() || uid.length() > 40 || !uids.add(uid)) {
                problems.add("rule " + uid + ": uid missing, longer than 40 characters or used twice");
            }
            for (String field : List.of("title", "condition", "for", "noDataState", "execErrState")) {
                if (rule.path(field).asText().isBlank()) {
                    problems.add("rule " + uid + ": " + field + " missing");
                }
            }
            if (!Set.of("OK", "NoData", "Alerting").contains(rule.path("noDataState").asText())
                    || !Set.of("OK", "Error", "Alerting").contains(rule.path("execErrState").asText())) {
                problems.add("rule " + uid + ": noDataState or execErrState is not a state Grafana knows");
            }
            Duration.parse("PT" + rule.path("for").asText().toUpperCase()); // throws when not a duration
            if (rule.path("annotations").path("summary").asText().isBlank()
                    || rule.path("annotations").path("description").asText().isBlank()) {
                problems.add("rule " + uid + ": a summary and a description of what to do are required");
            }
            Set<String> refIds = new HashSet<>();
            rule.path("data").forEach(d -> refIds.add(d.path("refId").asText()));
            if (!refIds.contains(rule.path("condition").asText())) {
                problems.add("rule " + uid + ": condition " + rule.path("condition").asText() + " is no refId");
            }
            for (JsonNode d : rule.path("data")) {
                String ds = d.path("datasourceUid").asText();
                JsonNode model = d.path("model");
                if (!model.path("refId").asText().equals(d.path("refId").asText())) {
                    problems.add("rule " + uid + " " + d.path("refId").asText() + ": model.refId differs");
                }
                if (ds.equals("__expr__")) {
                    String type = model.path("type").asText();
                    if (!Set.of("reduce", "math", "threshold").contains(type)) {
                        problems.add("rule " + uid + " " + d.path("refId").asText() + ": expression type " + type);
                    }
                    Matcher m = VARIABLE.matcher(model.path("expression").asText());
                    List<String> refs = new ArrayList<>();
                    while (m.find()) {
                        refs.add(m.group(1));
                    }
                    if (refs.isEmpty()) {
                        refs.add(model.path("expression").asText());
                    }
                    refs.stream().filter(r -> !refIds.contains(r)).forEach(r -> problems.add("rule " + uid + " "
                            + d.path("refId").asText() + ": expression refers to unknown " + r));
                } else if (!datasources.contains(ds)) {
                    problems.add("rule " + uid + " " + d.path("refId").asText() + ": datasource " + ds + " unknown");
                } else if (!d.path("relativeTimeRange").has("from") || model.path("query").asText().isBlank()) {
                    problems.add("rule " + uid + " " + d.path("refId").asText() + ": relativeTimeRange and query "
                            + "are required");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyMeasurementTagAndFieldAQueryNamesIsInTheSchema() throws Exception {
        Map<String, Set<String>> schema = GrafanaFiles.schema();
        assertThat(schema).containsKeys("request_results", "predicted_utilization", "anomaly");
        List<GrafanaFiles.Query> queries = new ArrayList<>(GrafanaFiles.alertQueries());
        GrafanaFiles.dashboards().forEach((file, d) -> queries.addAll(GrafanaFiles.queries(file, d)));
        List<String> problems = new ArrayList<>();
        for (GrafanaFiles.Query q : queries) {
            Set<String> known = schema.get(q.measurement());
            if (known == null) {
                problems.add(q.where() + ": measurement " + q.measurement() + " is not in SCHEMA.md");
                continue;
            }
            q.names().stream().filter(n -> !known.contains(n)).forEach(n -> problems.add(q.where() + ": "
                    + q.measurement() + " has no tag or field " + n + " in SCHEMA.md"));
        }
        assertThat(queries).hasSizeGreaterThan(20);
        assertThat(problems).isEmpty();
    }
}
