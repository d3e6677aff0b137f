package dev.prescale.signature;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessLogTest {

    static final Path REAL = Path.of("..", "shared", "data", "logs", "apache-combined-may17-18-2015.log");

    @Test
    void aCombinedLineHasEveryField() {
        AccessLog.Entry e = AccessLog.parse("83.149.9.216 - - [17/May/2015:10:05:03 +0000] \"GET /presentations/"
                + "logstash-monitorama-2013/images/kibana-search.png HTTP/1.1\" 200 203023 \"http://semicomplete.com/"
                + "presentations/logstash-monitorama-2013/\" \"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1)\"");
        assertThat(e.client()).isEqualTo("83.149.9.216");
        assertThat(e.time()).isEqualTo(Instant.parse("2015-05-17T10:05:03Z"));
        assertThat(e.method()).isEqualTo("GET");
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.bytes()).isEqualTo(203023);
        assertThat(e.referrer()).startsWith("http://semicomplete.com/");
        assertThat(e.userAgent()).startsWith("Mozilla/5.0");
        assertThat(AccessLog.parse("10.0.0.1 - - [01/Jan/2024:00:00:00 +0200] \"POST /cart HTTP/1.1\" 503 - \"-\" "
                + "\"curl/8.0\"").time()).isEqualTo(Instant.parse("2023-12-31T22:00:00Z"));
        assertThat(AccessLog.parse("10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] \"GET / HTTP/1.0\" 304 -").bytes())
                .as("the common format, without referrer and agent").isZero();
        assertThatThrownBy(() -> AccessLog.parse("10.0.0.1 [yesterday] GET /")).hasMessageContaining("combined");
        assertThatThrownBy(() -> AccessLog.parse("10.0.0.1 - - [17/May/2015 10:05] \"GET / HTTP/1.1\" 200 1"))
                .hasMessageContaining("is not like [17/May/2015:10:05:03 +0000]");
    }

    @Test
    void badLinesAreCountedAndNamedNotThrown(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("access.log"), """
                10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /a HTTP/1.1" 200 10 "-" "curl/8.0"
                this is not a log line
                10.0.0.2 - - [01/Jan/2024:00:00:01 +0000] "GET /b HTTP/1.1" 200 20 "-" "curl/8.0"
                """);
        AccessLog.Result r = AccessLog.read(log);
        assertThat(r.entries()).hasSize(2);
        assertThat(r.malformed()).isEqualTo(1);
        assertThat(r.firstProblems()).singleElement().asString().startsWith("access.log line 2:");
    }

    /** Two days of a real public site: every line read, and the signatures sum to it by source and endpoint. */
    @Test
    void theRealLogBecomesSignaturesBySourceAndEndpoint() throws Exception {
        AccessLog.Result r = AccessLog.read(REAL);
        LoadSignatures signatures = new LoadSignatures(Duration.ofMinutes(10));
        r.entries().forEach(e -> signatures.add(LoadSignatures.Request.of(e)));

        assertThat(r.entries().size() + r.malformed()).isEqualTo(Files.readAllLines(REAL).size());
        assertThat(r.malformed()).isLessThan(10);
        assertThat(signatures.bySource()).containsKeys(Sources.CRAWLER, Sources.FEED_READER, Sources.DESKTOP);
        assertThat(signatures.bySource().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(r.entries().size());
        var points = signatures.points("log:apache");
        assertThat(points.stream().mapToDouble(p -> p.number("count")).sum()).isEqualTo(r.entries().size());
        assertThat(points.stream().mapToDouble(p -> p.number("bytes_sum")).sum())
                .isEqualTo(r.entries().stream().mapToLong(AccessLog.Entry::bytes).sum());
        assertThat(points).extracting(p -> p.tag("endpoint")).contains("GET (image)", "GET (asset)");
        assertThat(points).allSatisfy(p -> assertThat(p.time().getEpochSecond() % 600).isZero());
    }

    @Test
    void endpointsAndSourcesGroupWhatCostsAlike() {
        assertThat(Endpoints.of("GET", "/orders/8812?x=1")).isEqualTo("GET /orders/{id}");
        assertThat(Endpoints.of("GET", "/a/b/c/d/e")).isEqualTo("GET /a/b/c/...");
        assertThat(Endpoints.of("GET", "/images/logo.PNG")).isEqualTo("GET (image)");
        assertThat(Endpoints.of("GET", "*")).isEqualTo("GET (other)");
        assertThat(Sources.of("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"))
                .isEqualTo(Sources.CRAWLER);
        assertThat(Sources.of("Tiny Tiny RSS/1.11 (http://tt-rss.org/)")).isEqualTo(Sources.FEED_READER);
        assertThat(Sources.of("Mozilla/5.0 (iPhone; CPU iPhone OS 7_0 like Mac OS X) Mobile/11A465"))
                .isEqualTo(Sources.MOBILE);
        assertThat(Sources.of("curl/7.29.0")).isEqualTo(Sources.API_CLIENT);
        assertThat(Sources.of("-")).isEqualTo(Sources.OTHER);
    }

    @Test
    void serverTimingReadsWhatTheSpecAllowsAndSkipsWhatItDoesNot() {
        List<ServerTiming.Metric> m = ServerTiming.parse("cpu;dur=12.5, db;dur=3;desc=\"orders, by id\", "
                + "cache;desc=hit, bad metric;dur=1, ext;dur=oops, miss");
        assertThat(m).extracting(ServerTiming.Metric::name).containsExactly("cpu", "db", "cache", "ext", "miss");
        assertThat(ServerTiming.millis(m, "cpu")).isEqualTo(12.5);
        assertThat(m.get(1).description()).isEqualTo("orders, by id");
        assertThat(m.get(3).durationMillis()).isEmpty();
        assertThat(ServerTiming.parse(null)).isEmpty();

        LoadSignatures s = new LoadSignatures(Duration.ofSeconds(1));
        s.add(new LoadSignatures.Request(Instant.EPOCH, "api-client", "POST /checkout", 200, 512, m));
        s.add(new LoadSignatures.Request(Instant.EPOCH, "api-client", "POST /checkout", 503, 0, List.of()));
        var p = s.points("run:test").get(0);
        assertThat(p.number("count")).isEqualTo(2.0);
        assertThat(p.number("errors")).isEqualTo(1.0);
        assertThat(p.number("cpu_ms")).isEqualTo(12.5);
        assertThat(p.number("db_ms")).isEqualTo(3.0);
        assertThat(p.number("cost_ms")).isEqualTo(15.5);
        assertThat(p.number("dependency_calls")).as("db, cache, ext, miss").isEqualTo(4.0);
        assertThat(p.number("cost_reported")).isEqualTo(1.0);
    }
}
