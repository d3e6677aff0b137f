package dev.prescale.cli;

import dev.prescale.kubernetes.RehearsalManifests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class K8sCommandTest {

    @Test
    void injectorsAreThePeakOverWhatOneSustains() {
        assertThat(K8sCommand.injectorsFor(10, 550)).isEqualTo(1);
        assertThat(K8sCommand.injectorsFor(550, 550)).isEqualTo(1);
        assertThat(K8sCommand.injectorsFor(551, 550)).isEqualTo(2);
        assertThat(K8sCommand.injectorsFor(20_000, 550)).isEqualTo(37);
    }

    @Test
    void autoSizingPrintsItsArithmeticAndWritesValidManifests(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("r.yaml");
        IssuesCommandTest.Run run = IssuesCommandTest.run("k8s", "rehearsal", "--profile", "black-friday",
                "--target", "http://storefront.shop:8080", "--run-length", "10s", "--per-injector", "40",
                "--out", out.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        // black-friday compressed into 10 s peaks at 97.1 requests/s: three injectors of 40/s
        assertThat(run.err()).contains("peak 97.1 requests/s; 3 injectors at up to 40/s each");
        assertThat(RehearsalManifests.read(Files.readString(out))).hasSize(2);
    }

    @Test
    void aReplayOfAFileCannotTravelInAConfigMap() {
        IssuesCommandTest.Run run = IssuesCommandTest.run("k8s", "rehearsal", "--profile", "flash-sale-replay",
                "--target", "http://storefront.shop:8080");
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("replays a file, which its ConfigMap cannot carry").contains("import-trace");
    }

    @Test
    void theImageHoldsTheJarWhereTheManifestsRunIt() {
        String dockerfile = K8sCommand.dockerfile();
        assertThat(dockerfile).contains("COPY target/prescale-*-app.jar " + RehearsalManifests.JAR)
                .contains("COPY target/lib/ /app/lib/").contains("USER 10001");
    }
}
