package io.custodia.identity.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.identity.password.PasswordCheck.Problem;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTest {

    private final PasswordPolicy policy = new PasswordPolicy(Set.of("QwertyUIOP123", "password", "letmeinplease"));

    @Test
    void acceptsATwelveCharacterPassphraseWithSpaces() {
        String passphrase = "red fox runs";
        assertThat(passphrase).hasSize(12);
        PasswordCheck check = policy.check(passphrase, "alice");
        assertThat(check.accepted()).isTrue();
        assertThat(check.problems()).isEmpty();
    }

    @Test
    void refusesElevenCharacters() {
        assertThat(policy.check("red fox run", "alice").problems()).containsExactly(Problem.TOO_SHORT);
    }

    @Test
    void acceptsOneHundredTwentyEightCharactersAndRefusesMore() {
        assertThat(policy.check("ab cd ".repeat(21) + "ef", "alice").accepted()).isTrue();
        assertThat(policy.check("ab cd ".repeat(21) + "efg", "alice").problems()).containsExactly(Problem.TOO_LONG);
    }

    @Test
    void countsUnicodeCodePointsSoAnEmojiIsOneCharacter() {
        // NIST SP 800-63B section 3.1.1.2: each Unicode code point counts as one character. An emoji outside the
        // Basic Multilingual Plane is two Java chars but one code point.
        String eleven = "🔒".repeat(11);
        assertThat(eleven).hasSize(22);
        assertThat(policy.check(eleven, "alice").problems()).containsExactly(Problem.TOO_SHORT);
        assertThat(policy.check("🔒".repeat(12), "alice").accepted()).isTrue();
        assertThat(policy.check("🔒".repeat(128), "alice").accepted()).isTrue();
        assertThat(policy.check("🔒".repeat(129), "alice").problems()).containsExactly(Problem.TOO_LONG);
    }

    @Test
    void acceptsAnyPrintableUnicodeWithoutCompositionRules() {
        assertThat(policy.check("été à l’île d’Yeu", "alice").accepted()).isTrue();
        assertThat(policy.check("всё будет хорошо", "alice").accepted()).isTrue();
        assertThat(policy.check("aaaaaaaaaaaaaaa", "alice").accepted()).isTrue();
        assertThat(policy.check("               ", "alice").accepted()).isTrue();
    }

    @Test
    void refusesCommonPasswordsWhateverTheirCase() {
        assertThat(policy.check("qwertyuiop123", "alice").problems()).containsExactly(Problem.COMMON_PASSWORD);
        assertThat(policy.check("QWERTYUIOP123", "alice").problems()).containsExactly(Problem.COMMON_PASSWORD);
        assertThat(policy.check("LetMeInPlease", "alice").problems()).containsExactly(Problem.COMMON_PASSWORD);
    }

    @Test
    void refusesPasswordsContainingTheUsernameWhateverTheirCase() {
        assertThat(policy.check("my garden of ALICE", "alice").problems())
                .containsExactly(Problem.CONTAINS_USERNAME);
        assertThat(policy.check("my garden of alice", " Alice ").problems())
                .containsExactly(Problem.CONTAINS_USERNAME);
        assertThat(policy.check("jean.dupont@example.fr!", "jean.dupont@example.fr").problems())
                .containsExactly(Problem.CONTAINS_USERNAME);
    }

    @Test
    void looksForUsernamesOfThreeCharactersOrMore() {
        assertThat(policy.check("my garden of bob", "bob").problems()).containsExactly(Problem.CONTAINS_USERNAME);
        assertThat(policy.check("my garden of al", "al").accepted()).isTrue();
        assertThat(policy.check("my garden of al", null).accepted()).isTrue();
        assertThat(policy.check("my garden of al", "").accepted()).isTrue();
    }

    @Test
    void refusesPasswordsContainingTheProductName() {
        assertThat(policy.check("I love Custodia so much", "alice").problems())
                .containsExactly(Problem.CONTAINS_PRODUCT_NAME);
        assertThat(policy.check("custodia2024!!", "alice").problems())
                .containsExactly(Problem.CONTAINS_PRODUCT_NAME);
    }

    @Test
    void comparesCompatibilityFormsLikeTheirPlainLetters() {
        // Fullwidth letters are NFKC-equivalent to ASCII ones.
        assertThat(policy.check("ＣＵＳＴＯＤＩＡ rocks", "alice").problems())
                .containsExactly(Problem.CONTAINS_PRODUCT_NAME);
    }

    @Test
    void reportsEveryProblemInEnumOrder() {
        PasswordCheck check = new PasswordPolicy(Set.of("custodia")).check("Custodia", "custodia");
        assertThat(check.accepted()).isFalse();
        assertThat(check.problems()).containsExactly(
                Problem.TOO_SHORT, Problem.COMMON_PASSWORD, Problem.CONTAINS_USERNAME, Problem.CONTAINS_PRODUCT_NAME);
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwertyuiop123", "qwerty123456", "1q2w3e4r5t6y", "password", "123456"})
    void theBundledListRefusesWellKnownPasswords(String common) {
        assertThat(PasswordPolicy.withBundledList().check(common, "alice").problems())
                .contains(Problem.COMMON_PASSWORD);
    }

    @Test
    void checksItsArgumentsNamingThem() {
        assertThatThrownBy(() -> policy.check(null, "alice")).hasMessageContaining("candidate");
        assertThatThrownBy(() -> new PasswordPolicy(null)).hasMessageContaining("commonPasswords");
        assertThatThrownBy(() -> new PasswordCheck(null)).hasMessageContaining("problems");
    }

    @Test
    void theResultCannotBeChanged() {
        PasswordCheck check = policy.check("short", "alice");
        assertThatThrownBy(() -> check.problems().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
