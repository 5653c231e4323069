package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.support.Messages;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The notes a request's history stores, said in the page's language; any other note as stored. */
class RequestNotesTest {

    private final RequestNotes notes = new RequestNotes(Messages.bundle(), new FieldLabels(Messages.bundle()),
            (id, locale) -> id.equals("prospecting") ? (locale.getLanguage().equals("fr") ? "Prospection B2B" : "B2B prospecting") : id);

    @Test
    void theNotesCustodiaWritesAreSaidInEachLanguage() {
        assertThat(notes.say("ACCESS through STAFF_PHONE, 1 person(s) matched", Locale.ENGLISH))
                .isEqualTo("Access my data, Phone, taken by staff: 1 person matched");
        assertThat(notes.say("ACCESS (categories only) through PRIVACY_CENTRE, 0 person(s) matched", Locale.FRENCH))
                .startsWith("Accéder à mes données (catégories seulement), ").endsWith("aucune personne trouvée");
        assertThat(notes.say("identified by staff (STAFF_LETTER)", Locale.FRENCH)).startsWith("identifiée par l’équipe (");
        assertThat(notes.say("to 2027-03-01", Locale.FRENCH)).isEqualTo("jusqu’au 2027-03-01");
        assertThat(notes.say("package 01a22a57-f933-7436-865f-14c0c239bd33 until 2026-12-07", Locale.ENGLISH))
                .isEqualTo("the package can be downloaded until 2026-12-07");
        assertThat(notes.say("COMPLIED", Locale.FRENCH)).isNotEqualTo("COMPLIED");
        assertThat(notes.say("ERASURE", Locale.ENGLISH)).isEqualTo("Delete my data");
        // the rarer ones: a kept erasure, a correction, an agent, a failed try, an expiry, an opt-out
        assertThat(notes.say("erased except [person.first_name, person.last_name] under legal hold until 2036-01-01", Locale.FRENCH))
                .isEqualTo("effacée sauf Prénom, Nom, conservés au titre d’une obligation légale jusqu’au 2036-01-01");
        assertThat(notes.say("corrected [firstName, lastName]", Locale.ENGLISH)).isEqualTo("corrected: First name, Last name");
        assertThat(notes.say("corrected [city]", Locale.FRENCH)).isEqualTo("rectifié\u00a0: Ville");
        // an objection applied at once, its purposes by their names; one not applied; an email that could not go
        assertThat(notes.say("the objection to direct marketing applied at once (GDPR Art. 21(3)): prospecting, email-marketing", Locale.FRENCH))
                .isEqualTo("l’opposition à la prospection appliquée aussitôt (RGPD art. 21(3))\u00a0: Prospection B2B, email-marketing");
        assertThat(notes.say("2 persons share this address: the objection waits for the DPO", Locale.ENGLISH))
                .isEqualTo("2 persons share this address: the objection waits for you to tell them apart");
        assertThat(notes.say("the person could not be emailed: tell them another way", Locale.FRENCH)).startsWith("la personne n’a pas pu");
        assertThat(notes.say("made by an authorised agent; proof of permission application/pdf, 12 KB", Locale.FRENCH))
                .isEqualTo("faite par un mandataire autorisé\u00a0; preuve du mandat\u00a0: application/pdf, 12\u00a0Ko");
        assertThat(notes.say("the details given did not match (try 2 of 3)", Locale.FRENCH))
                .isEqualTo("les informations données ne correspondent pas (essai 2 sur 3)");
        assertThat(notes.say("not confirmed within PT72H", Locale.ENGLISH)).isEqualTo("not confirmed within 3 days");
        assertThat(notes.say("not confirmed within PT30M", Locale.ENGLISH)).isEqualTo("not confirmed within 30 minutes");
        assertThat(notes.say("not confirmed within PT36H", Locale.FRENCH)).isEqualTo("non confirmée dans les 36\u00a0heures");
        assertThat(notes.say("no verification: an opt-out (CCPA §7026(d), §7027(e))", Locale.FRENCH)).startsWith("sans vérification");
        // anything else as stored
        assertThat(notes.say("erased except [Person.First_Name] under legal hold until 2036-01-01", Locale.FRENCH))
                .isEqualTo("erased except [Person.First_Name] under legal hold until 2036-01-01");
        assertThat(notes.say("SOMETHING_NEW", Locale.ENGLISH)).isEqualTo("SOMETHING_NEW");
        assertThat(notes.say(null, Locale.ENGLISH)).isNull();
    }
}
