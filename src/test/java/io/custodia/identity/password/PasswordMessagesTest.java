package io.custodia.identity.password;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.identity.password.PasswordCheck.Problem;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PasswordMessagesTest {

    private static final String BUNDLE = "identity.password-messages";
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    @ParameterizedTest
    @EnumSource(Problem.class)
    void everyProblemHasAnEnglishAndAFrenchMessage(Problem problem) {
        String english = format(Locale.ROOT, problem);
        String french = format(Locale.FRENCH, problem);

        assertThat(english).isNotBlank().doesNotContain("{");
        assertThat(french).isNotBlank().doesNotContain("{").isNotEqualTo(english);
    }

    @ParameterizedTest
    @EnumSource(value = Problem.class, names = {"TOO_SHORT", "TOO_LONG"})
    void lengthMessagesNameTheLimit(Problem problem) {
        String limit = String.valueOf(problem.messageArguments()[0]);
        assertThat(format(Locale.ROOT, problem)).contains(limit);
        assertThat(format(Locale.FRENCH, problem)).contains(limit);
    }

    @Test
    void frenchMessagesKeepTheirAccentsAndApostrophes() {
        assertThat(format(Locale.FRENCH, Problem.TOO_SHORT)).startsWith("Utilisez au moins 12 caractères.");
        assertThat(format(Locale.FRENCH, Problem.CONTAINS_USERNAME)).contains("nom d’utilisateur");
        assertThat(format(Locale.ROOT, Problem.TOO_LONG)).isEqualTo("Use at most 128 characters.");
    }

    private static String format(Locale locale, Problem problem) {
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, locale, NO_FALLBACK);
        assertThat(bundle.getLocale()).isEqualTo(locale);
        return new MessageFormat(bundle.getString(problem.messageKey()), locale).format(problem.messageArguments());
    }
}
