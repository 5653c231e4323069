package io.custodia.identity.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommonPasswordsTest {

    @Test
    void theBundledListHoldsAtLeastTenThousandLowercasePasswords() {
        Set<String> passwords = CommonPasswords.bundled();
        assertThat(passwords).hasSizeGreaterThanOrEqualTo(10_000)
                .contains("123456", "password", "qwertyuiop123", "qwerty123456")
                .allMatch(p -> p.equals(PasswordPolicy.fold(p)), "is folded")
                .noneMatch(p -> p.startsWith("#"))
                .noneMatch(String::isEmpty);
    }

    @Test
    void theBundledListNamesItsSourceOnItsFirstLine() throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(CommonPasswords.BUNDLED_RESOURCE)) {
            assertThat(in).isNotNull();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text).startsWith("# source: ").contains("MIT");
        }
    }

    @Test
    void skipsCommentsAndBlankLinesAndFoldsCase() {
        assertThat(CommonPasswords.fromClasspath("identity/common-passwords-sample.txt"))
                .containsExactlyInAnyOrder("letmein", "hunter2", "correct horse");
    }

    @Test
    void refusesAMissingResourceNamingIt() {
        assertThatThrownBy(() -> CommonPasswords.fromClasspath("identity/no-such-list.txt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("identity/no-such-list.txt");
        assertThatThrownBy(() -> CommonPasswords.fromClasspath(null)).hasMessageContaining("resource");
    }
}
