package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.people.InvalidInputException;
import io.custodia.people.InvalidInputException.FieldError;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.StaticMessageSource;

class FormErrorsTest {

    private final StaticMessageSource messages = new StaticMessageSource();
    private final FormErrors errors = new FormErrors(messages);

    FormErrorsTest() {
        messages.addMessage("error.required", Locale.ENGLISH, "Required.");
        messages.addMessage("error.too-long", Locale.ENGLISH, "At most {0} characters.");
        messages.addMessage("error.too-long", Locale.FRENCH, "{0} caractères au plus.");
        messages.addMessage("error.emails.invalid", Locale.ENGLISH, "Not an email address.");
        messages.addMessage("error.item", Locale.ENGLISH, "Line {0}: {1}");
        messages.addMessage("error.id.in-use", Locale.ENGLISH, "Still {0} contact(s) and {1} deal(s).");
        LocaleContextHolder.setLocale(Locale.ENGLISH);
    }

    @AfterEach
    void resetLocale() {
        LocaleContextHolder.resetLocaleContext();
    }

    @Test
    void putsEachErrorNextToItsFieldPreferringTheFieldsOwnMessage() {
        var refused = new InvalidInputException(List.of(
                new FieldError("firstName", "required", "is required", 0),
                new FieldError("emails[1]", "invalid", "is not an email address such as name@example.com", 0)));

        assertThat(errors.of(refused, List.of("firstName", "emails")))
                .containsEntry("firstName", List.of("Required."))
                .containsEntry("emails", List.of("Line 2: Not an email address."));
    }

    @Test
    void takesTheLimitsFromTheServiceMessageAndTranslatesThem() {
        var refused = InvalidInputException.of("city", "too-long", "must be at most 100 characters");

        assertThat(errors.of(refused, List.of("city"))).containsEntry("city", List.of("At most 100 characters."));
        LocaleContextHolder.setLocale(Locale.FRENCH);
        assertThat(errors.of(refused, List.of("city"))).containsEntry("city", List.of("100 caractères au plus."));
    }

    /** A count from 10,000 is written as the language writes it; a year (a smaller number) is left as it is. */
    @Test
    void groupsLargeCountsAsTheLanguageDoes() {
        var refused = InvalidInputException.of("notes", "too-long", "must be at most 10,000 characters");
        assertThat(errors.of(refused, List.of("notes"))).containsEntry("notes", List.of("At most 10,000 characters."));
        LocaleContextHolder.setLocale(Locale.FRENCH);
        assertThat(errors.of(refused, List.of("notes")).get("notes").getFirst()).matches("10[\\u00a0\\u202f]000 caractères au plus\\.");
        messages.addMessage("error.year.out-of-range", Locale.FRENCH, "Une année entre {0} et {1}.");
        assertThat(errors.of(InvalidInputException.of("year", "out-of-range", "must be between 1900 and 9999"), List.of("year")))
                .containsEntry("year", List.of("Une année entre 1900 et 9999."));
    }

    @Test
    void ignoresTheDigitsOfIdsWhenTakingArguments() {
        var refused = InvalidInputException.of("id", "in-use",
                "the organisation 01a22634-dcc3-7f1f-9bbd-8588ece6280e still has 6 contact(s) and 4 deal(s)");

        assertThat(errors.of(refused, List.of())).containsEntry(FormErrors.GLOBAL, List.of("Still 6 contact(s) and 4 deal(s)."));
    }

    @Test
    void keepsTheServiceMessageAsItIsWhenNoKeyFits() {
        var refused = InvalidInputException.of("tags", "strange", "each tag must be 1-40 letters, '-' or '_' ({0})");

        assertThat(errors.of(refused, List.of("tags")))
                .containsEntry("tags", List.of("each tag must be 1-40 letters, '-' or '_' ({0})"));
    }

    @Test
    void errorsOfFieldsNotInTheFormGoAboveIt() {
        var refused = InvalidInputException.of("address", "required", "is required");

        assertThat(errors.of(refused, List.of("firstName"))).containsOnlyKeys(FormErrors.GLOBAL);
    }
}
