package dev.prescale.api;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the API refuses before it binds anything. */
class ApiServerTest {

    @Test
    void bindingBeyondLoopbackWarnsAboutPlainHttp() throws Exception {
        assertThat(ApiServer.plainHttpWarning(InetAddress.getByName("127.0.0.1"))).isNull();
        assertThat(ApiServer.plainHttpWarning(InetAddress.getByName("::1"))).isNull();
        assertThat(ApiServer.plainHttpWarning(InetAddress.getByName("0.0.0.0"))).contains("plain HTTP")
                .contains("TLS proxy");
    }

    @Test
    void remoteBindingNeedsConsentAndTokensNeedVariety() {
        String good = "0123456789abcdef0123";
        assertThatThrownBy(() -> ApiServer.start("0.0.0.0", 0, false, good, null, null, null))
                .hasMessageContaining("api.allowremote=true");
        for (String weak : new String[]{"aaaaaaaaaaaaaaaaaaaa", "abababababababababab", "0123456", null}) {
            assertThatThrownBy(() -> ApiServer.start("127.0.0.1", 0, false, weak, null, null, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8 of them different");
        }
    }
}
