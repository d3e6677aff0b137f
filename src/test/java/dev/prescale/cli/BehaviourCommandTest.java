package dev.prescale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prescale.signature.AccessLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import static dev.prescale.cli.IssuesCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BehaviourCommandTest {

    static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    static String line(AccessLog.Entry e) {
        return String.format(Locale.ROOT, "%s - - [%s] \"%s %s HTTP/1.1\" %d %d \"-\" \"%s\"", e.client(),
                CLF.format(e.time()), e.method(), e.path(), e.status(), e.bytes(), e.userAgent());
    }

    static Path write(Path file, List<AccessLog.Entry> entries) throws Exception {
        return Files.writeString(file, entries.stream().map(BehaviourCommandTest::line)
                .collect(Collectors.joining("\n", "", "\n")));
    }

    @Test
    void theBacktestScoresEachGroupAndAllByWape(@TempDir Path dir) throws Exception {
        Path train = write(dir.resolve("train.log"), dev.prescale.behaviour.BehaviourProfileTest.log(7));
        // the next Monday, with every phone request sent twice: phones double, the crawler stays as it was
        List<AccessLog.Entry> next = new ArrayList<>();
        for (AccessLog.Entry e : dev.prescale.behaviour.BehaviourProfileTest.log(1)) {
            AccessLog.Entry later = new AccessLog.Entry(e.client(), e.time().plusSeconds(7 * 86_400), e.method(),
                    e.path(), e.status(), e.bytes(), e.referrer(), e.userAgent());
            next.add(later);
            if (e.userAgent().contains("iPhone")) {
                next.add(new AccessLog.Entry(e.client() + "0", later.time(), e.method(), e.path(), 200, 1_000, "-",
                        e.userAgent()));
            }
        }
        Path test = write(dir.resolve("test.log"), next);

        IssuesCommandTest.Run json = run("behaviour", "backtest", "--train", train.toString(), "--test",
                test.toString(), "--json");
        IssuesCommandTest.Run text = run("behaviour", "backtest", "--train", train.toString(), "--test",
                test.toString());

        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode r = new ObjectMapper().readTree(json.out());
        assertThat(r.get("groups")).hasSize(2);
        JsonNode crawler = r.get("groups").get(0);
        JsonNode phones = r.get("groups").get(1);
        assertThat(crawler.get("group").asText()).isEqualTo("crawler");
        assertThat(crawler.get("wape").asDouble()).as("the crawler came as always").isCloseTo(0, within(1e-9));
        // phones sent 360 requests where about 176 were expected (the profile's 12 a day hour, 3 a night one,
        // shrunk a little towards the mean hour): about half of what they sent was not predicted
        assertThat(phones.get("group").asText()).isEqualTo("mobile-browser");
        assertThat(phones.get("wape").asDouble()).isCloseTo(0.5, within(0.05));
        // all: the phones' misses over both groups' 408 requests
        assertThat(r.get("wape").asDouble()).isCloseTo(phones.get("wape").asDouble() * 360 / 408, within(1e-9));
        assertThat(text.out()).contains("mobile-browser").contains("all groups").contains("WAPE");
    }

    @Test
    void aLogWithoutRequestsToPredictSaysSo(@TempDir Path dir) throws Exception {
        Path train = write(dir.resolve("train.log"), dev.prescale.behaviour.BehaviourProfileTest.log(2));
        Path test = Files.writeString(dir.resolve("test.log"), "not a log line\n");

        IssuesCommandTest.Run r = run("behaviour", "backtest", "--train", train.toString(), "--test", test.toString());

        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("test log has no requests");
    }

    @Test
    void jsonLinesLogsReadAsWellAsCombinedOnes() {
        AccessLog.Entry e = AccessLog.parse("{\"time\": \"2015-05-17T10:05:03Z\", \"remote_addr\": \"1.2.3.4\", "
                + "\"request\": \"GET /blog/ HTTP/1.1\", \"status\": 200, \"body_bytes_sent\": 512, "
                + "\"http_user_agent\": \"Mozilla/5.0 (Android) Mobile\"}");
        AccessLog.Entry epoch = AccessLog.parse("{\"timestamp\": 1431857103, \"client\": \"1.2.3.4\", \"method\": "
                + "\"POST\", \"path\": \"/cart\", \"status\": \"201\"}");

        assertThat(e.time()).isEqualTo(Instant.parse("2015-05-17T10:05:03Z"));
        assertThat(e.path()).isEqualTo("/blog/");
        assertThat(e.bytes()).isEqualTo(512);
        assertThat(epoch.time()).isEqualTo(Instant.parse("2015-05-17T10:05:03Z"));
        assertThat(epoch.method()).isEqualTo("POST");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AccessLog.parse("{\"path\": \"/x\"}"))
                .hasMessageContaining("no time");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AccessLog.parse("{\"time\": \"yesterday\", "
                + "\"request\": \"GET / HTTP/1.1\", \"status\": 200}")).hasMessageContaining("'yesterday'");
    }
}
