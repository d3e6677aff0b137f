package dev.prescale.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The provisioning files of {@code grafana/} as parsed trees, and every InfluxQL query they hold. */
final class GrafanaFiles {

    static final Path ROOT = Path.of("grafana");
    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * One InfluxQL query and where it lives.
     *
     * @param where    file and element, for messages
     * @param query    the InfluxQL text, variables unsubstituted
     * @param columns  columns the result must have besides time (aliases, or annotation columns)
     * @param kind     {@code panel}, {@code variable}, {@code annotation} or {@code alert}
     */
    record Query(String where, String query, Set<String> columns, String kind) {

        private static final Pattern ALIAS = Pattern.compile("\\bAS \"([^\"]+)\"");
        private static final Pattern FROM = Pattern.compile("\\bFROM \"([^\"]+)\"");
        private static final Pattern GROUP_TAGS = Pattern.compile("GROUP BY (.*?)(?: fill\\(|$)");
        private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

        String measurement() {
            Matcher m = FROM.matcher(query);
            if (!m.find()) {
                throw new AssertionError(where + ": no FROM \"measurement\" in " + query);
            }
            return m.group(1);
        }

        /** Tags the result is grouped by: each returned series must carry them. */
        List<String> groupTags() {
            Matcher m = GROUP_TAGS.matcher(query);
            List<String> tags = new ArrayList<>();
            if (m.find()) {
                Matcher q = QUOTED.matcher(m.group(1));
                while (q.find()) {
                    tags.add(q.group(1));
                }
            }
            return tags;
        }

        /** Every double-quoted name other than the measurement and aliases: the tags and fields it reads. */
        Set<String> names() {
            String rest = ALIAS.matcher(FROM.matcher(query).replaceAll("")).replaceAll("");
            Set<String> names = new LinkedHashSet<>();
            Matcher q = QUOTED.matcher(rest);
            while (q.find()) {
                names.add(q.group(1));
            }
            return names;
        }

        static Set<String> aliases(String query) {
            Set<String> aliases = new LinkedHashSet<>();
            Matcher m = ALIAS.matcher(query);
            while (m.find()) {
                aliases.add(m.group(1));
            }
            return aliases;
        }
    }

    private GrafanaFiles() {
    }

    static List<Path> files(String folder, String extension) {
        try (Stream<Path> s = Files.walk(ROOT.resolve(folder))) {
            return s.filter(p -> p.toString().endsWith(extension)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path file) {
        try {
            return (file.toString().endsWith(".json") ? JSON : YAML).readTree(file.toFile());
        } catch (IOException e) {
            throw new AssertionError(file + " does not parse: " + e.getMessage(), e);
        }
    }

    static Map<Path, JsonNode> dashboards() {
        Map<Path, JsonNode> all = new LinkedHashMap<>();
        files("dashboards", ".json").forEach(f -> all.put(f, read(f)));
        return all;
    }

    static List<JsonNode> alertRules() {
        List<JsonNode> rules = new ArrayList<>();
        for (Path f : files("provisioning/alerting", ".yaml")) {
            read(f).path("groups").forEach(g -> g.path("rules").forEach(rules::add));
        }
        return rules;
    }

    /** The queries of one dashboard: template variables first (in order), then annotations, then panel targets. */
    static List<Query> queries(Path file, JsonNode dashboard) {
        List<Query> queries = new ArrayList<>();
        String name = file.getFileName().toString();
        for (JsonNode v : dashboard.path("templating").path("list")) {
            queries.add(new Query(name + " variable " + v.path("name").asText(), v.path("query").asText(),
                    Set.of("value"), "variable"));
        }
        for (JsonNode a : dashboard.path("annotations").path("list")) {
            if (a.has("query")) {
                Set<String> columns = new LinkedHashSet<>();
                for (String c : List.of("titleColumn", "textColumn", "tagsColumn")) {
                    columns.add(a.path(c).asText());
                }
                queries.add(new Query(name + " annotation " + a.path("name").asText(), a.path("query").asText(),
                        columns, "annotation"));
            }
        }
        for (JsonNode p : dashboard.path("panels")) {
            for (JsonNode t : p.path("targets")) {
                String q = t.path("query").asText();
                queries.add(new Query(name + " panel \"" + p.path("title").asText() + "\" " + t.path("refId").asText(),
                        q, Query.aliases(q), "panel"));
            }
        }
        return queries;
    }

    /** The InfluxQL queries of every alert rule (its expressions are Grafana's, not InfluxDB's). */
    static List<Query> alertQueries() {
        List<Query> queries = new ArrayList<>();
        for (JsonNode rule : alertRules()) {
            for (JsonNode d : rule.path("data")) {
                if (d.path("model").has("query")) {
                    String q = d.path("model").path("query").asText();
                    queries.add(new Query("alert " + rule.path("uid").asText() + " " + d.path("refId").asText(), q,
                            Query.aliases(q), "alert"));
                }
            }
        }
        return queries;
    }

    /**
     * profile-db/SCHEMA.md as measurement -> its tag and field names, from each {@code ### `name`} heading and the
     * {@code | tag |} / {@code | field |} rows of the table under it.
     */
    static Map<String, Set<String>> schema() throws IOException {
        Map<String, Set<String>> schema = new LinkedHashMap<>();
        Pattern heading = Pattern.compile("^### `([a-z_]+)`");
        Pattern row = Pattern.compile("^\\| (tag|field) \\| (.+?) \\|");
        Pattern name = Pattern.compile("`([a-z_0-9]+)`");
        Set<String> current = null;
        for (String line : Files.readAllLines(Path.of("profile-db", "SCHEMA.md"))) {
            Matcher h = heading.matcher(line);
            if (h.find()) {
                current = new LinkedHashSet<>();
                schema.put(h.group(1), current);
                continue;
            }
            Matcher r = row.matcher(line);
            if (current != null && r.find()) {
                Matcher n = name.matcher(r.group(2));
                while (n.find()) {
                    current.add(n.group(1));
                }
            }
        }
        return schema;
    }
}
