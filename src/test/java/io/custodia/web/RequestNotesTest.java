package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

/** The notes a request's history stores, said in the page's language; any other note as stored. */
class RequestNotesTest {

    private final RequestNotes notes = new RequestNotes(messages());

    private static ResourceBundleMessageSource messages() {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasename("messages");
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        return source;
    }

    @Test
    void theNotesCustodiaWritesAreSaidInEachLanguage() {
        assertThat(notes.say("ACCESS through STAFF_PHONE, 1 person(s) matched", Locale.ENGLISH))
                .isEqualTo("Access my data, Phone, taken by staff: 1 person(s) matched");
        assertThat(notes.say("ACCESS (categories only) through PRIVACY_CENTRE, 0 person(s) matched", Locale.FRENCH))
                .startsWith("Accéder à mes données (catégories seulement), ").endsWith("0 personne(s) trouvée(s)");
        assertThat(notes.say("identified by staff (STAFF_LETTER)", Locale.FRENCH)).startsWith("identifiée par l’équipe (");
        assertThat(notes.say("to 2027-03-01", Locale.FRENCH)).isEqualTo("jusqu’au 2027-03-01");
        assertThat(notes.say("package 01a22a57-f933-7436-865f-14c0c239bd33 until 2026-12-07", Locale.ENGLISH))
                .isEqualTo("the package can be downloaded until 2026-12-07");
        assertThat(notes.say("COMPLIED", Locale.FRENCH)).isNotEqualTo("COMPLIED");
        assertThat(notes.say("ERASURE", Locale.ENGLISH)).isEqualTo("Delete my data");
        // anything else as stored
        assertThat(notes.say("erased except [person.first_name] under legal hold until 2036-01-01", Locale.FRENCH))
                .isEqualTo("erased except [person.first_name] under legal hold until 2036-01-01");
        assertThat(notes.say("SOMETHING_NEW", Locale.ENGLISH)).isEqualTo("SOMETHING_NEW");
        assertThat(notes.say(null, Locale.ENGLISH)).isNull();
    }
}
