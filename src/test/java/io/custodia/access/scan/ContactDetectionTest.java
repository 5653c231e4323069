package io.custodia.access.scan;

import static io.custodia.access.scan.ScanAssertions.SCANNER;
import static io.custodia.access.scan.ScanAssertions.assertSingle;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** E-mail addresses and telephone numbers (flagged). */
class ContactDetectionTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "jean.dupont@example.fr", "Marie.O-Neil+crm@sub.example.co.uk", "JEAN@EXAMPLE.COM", "a_b%c@x-y.example.org"
    })
    void flagsEmail(String email) {
        assertSingle("Écrire à " + email + ", merci.", email, FindingKind.EMAIL);
    }

    @Test
    void flagsEmailBetweenPunctuation() {
        assertSingle("(contact: <jean@example.fr>)", "jean@example.fr", FindingKind.EMAIL);
        assertSingle("L'adresse 'jean@example.fr' est à jour", "jean@example.fr", FindingKind.EMAIL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jean@localhost", "jean@example", "@example.fr", "jean.@example.fr", "jean@.fr",
        "jean@exa_mple.fr", "jean @ example.fr"})
    void ignoresWhatIsNotAnEmail(String text) {
        assertThat(SCANNER.scan(text).kinds()).doesNotContain(FindingKind.EMAIL);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "06 12 34 56 78", "06.12.34.56.78", "06-12-34-56-78", "0612345678", "01 23 45 67 89", "09 87 65 43 21",
        "+33 6 12 34 56 78", "+33612345678", "+33 (0)6 12 34 56 78", "0033 6 12 34 56 78", "+33 1 23 45 67 89"
    })
    void flagsFrenchPhone(String phone) {
        assertSingle("Rappeler au " + phone + " demain.", phone, FindingKind.PHONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "(415) 555-0132", "415-555-0132", "415.555.0132", "415 555 0132", "+1 415-555-0132", "+1 (415) 555-0132",
        "+14155550132"
    })
    void flagsNorthAmericanPhone(String phone) {
        assertSingle("Call " + phone + " tomorrow.", phone, FindingKind.PHONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+44 20 7946 0958", "+44 (0)20 7946 0958", "+49 30 901820", "+32 2 123 45 67",
        "+41 44 668 18 00"})
    void flagsInternationalPhone(String phone) {
        assertSingle("Tel. " + phone + " (bureau)", phone, FindingKind.PHONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Rendez-vous le 2024-11-29 à 14:30.", "Facture de 1 000,00 € réglée.", "Montant : 12 345 678,90 EUR",
        "Client depuis 2019, 3 commandes.", "Commande n° 2024-000123 livrée.", "Né le 29.11.1984", "Le 01/02/2024",
        "Code 1234, poste 56.", "Score 12 34 56", "Réf. 0612345678901", "+33 6 12", "+1234567",
        "Référence 1234567890", "Dossier 2024-11-29-001"
    })
    void ignoresDatesAmountsYearsAndShortNumbers(String text) {
        assertThat(SCANNER.scan(text).kinds()).as(text).doesNotContain(FindingKind.PHONE);
    }

    @Test
    void ignoresNorthAmericanShapeWithInvalidAreaOrExchange() {
        assertThat(SCANNER.scan("Ref 115-555-0132").clean()).isTrue(); // area code cannot start with 1
        assertThat(SCANNER.scan("Ref 415-155-0132").clean()).isTrue(); // exchange cannot start with 1
    }

    @Test
    void ignoresE164WithTooManyDigits() {
        assertThat(SCANNER.scan("Ref +49 1234 5678 9012 3456").kinds()).doesNotContain(FindingKind.PHONE);
    }

    @Test
    void doesNotFlagPhoneDigitsInsideAnEmail() {
        assertSingle("Écrire à 0612345678@sms.example.fr", "0612345678@sms.example.fr", FindingKind.EMAIL);
    }
}
