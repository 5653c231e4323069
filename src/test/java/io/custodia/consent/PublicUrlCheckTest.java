package io.custodia.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class PublicUrlCheckTest {

    @Test
    void warnsOnlyWhenTheLinksPointAtThisMachineOnAnotherPort() {
        assertThat(PublicUrlCheck.warning(URI.create("http://localhost:8080"), 8089)).contains("listens on port 8089")
                .contains("custodia.privacy.public-url");
        assertThat(PublicUrlCheck.warning(URI.create("http://localhost:8080"), 8080)).isNull();
        assertThat(PublicUrlCheck.warning(URI.create("http://127.0.0.1"), 80)).isNull();
        assertThat(PublicUrlCheck.warning(URI.create("http://[::1]:8080"), 9090)).contains("9090");
        assertThat(PublicUrlCheck.warning(URI.create("https://crm.example.com"), 8080)).isNull();
    }
}
