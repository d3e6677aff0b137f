package dev.prescale.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** README's configuration reference is the table {@code prescale config keys --markdown} prints from the code. */
class ReadmeKeysTest {

    @Test
    void theReferenceInReadmeIsTheCodesOwn() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("<!-- keys:start -->\n");
        int end = readme.indexOf("<!-- keys:end -->");
        assertThat(start).as("README has the keys section").isNotNegative();
        assertThat(readme.substring(start + "<!-- keys:start -->\n".length(), end))
                .as("README's table; regenerate it with prescale config keys --markdown")
                .isEqualTo(ConfigCommand.Keys.markdown());
    }
}
