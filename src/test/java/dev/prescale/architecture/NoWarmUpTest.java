package dev.prescale.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gatling warms its HTTP stack up with a request to https://gatling.io unless told not to: traffic to an address no
 * rehearsal named. Every protocol Prescale builds goes through {@code Prescale.protocol} (warm-up off) or turns it off
 * itself.
 */
class NoWarmUpTest {

    @Test
    void everyHttpProtocolTurnsGatlingsWarmUpOff() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path root : List.of(Path.of("simulations"), Path.of("src", "main", "java"), Path.of("src", "test"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(f);
                    if (f.endsWith("NoWarmUpTest.java")) {
                        continue;
                    }
                    if (text.contains("http.baseUrl(") && !text.contains("disableWarmUp()")) {
                        offenders.add(f.toString());
                    }
                }
            }
        }
        assertThat(offenders).as("files building a protocol with Gatling's warm-up on").isEmpty();
        assertThat(Files.readString(Path.of("src/main/java/dev/prescale/simulation/Prescale.java")))
                .contains(".disableWarmUp()");
    }
}
