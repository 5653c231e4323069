package io.custodia.access.scan;

import static io.custodia.access.scan.ScanAssertions.SCANNER;
import static io.custodia.access.scan.ScanAssertions.assertSingle;
import static io.custodia.access.scan.ScanAssertions.kindsIn;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Payment cards (refused) and IBANs (flagged), with public test numbers only. */
class PaymentDataDetectionTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "4111 1111 1111 1111", "4111111111111111", "4111-1111-1111-1111", "4111-1111 1111-1111", // Visa test PAN
        "5555 5555 5555 4444", "2223 0031 2200 3222", // Mastercard, 5- and 2-series
        "3782 822463 10005", "378282246310005", // American Express, 4-6-5
        "3056 930902 5904", // Diners Club, 4-6-4
        "6011 1111 1111 1117", // Discover
        "4222222222222" // 13-digit Visa
    })
    void refusesValidCardNumber(String card) {
        String text = "Le client a dicté sa carte " + card + " au téléphone.";
        assertSingle(text, card, FindingKind.PAYMENT_CARD);
        assertThat(SCANNER.scan(text).refused()).isTrue();
    }

    @Test
    void ignoresCardNumberFailingLuhn() {
        assertThat(SCANNER.scan("Carte 4111 1111 1111 1112").clean()).isTrue();
        assertThat(SCANNER.scan("Carte 4111111111111121").clean()).isTrue();
    }

    @Test
    void ignoresLuhnValidNumberWithImplausibleIssuer() {
        // 1 and 7-9 are not payment-card industries (ISO/IEC 7812 MII); 8000 0000 0000 0002 passes Luhn.
        assertThat(SCANNER.scan("Référence 8000 0000 0000 0002").clean()).isTrue();
        // MII 2 outside the Mastercard 2221-2720 / Mir 2200-2204 ranges.
        assertThat(SCANNER.scan("Référence 2000 0000 0000 0008").clean()).isTrue();
    }

    @Test
    void ignoresOrderNumbersAndBadlyGroupedDigits() {
        assertThat(SCANNER.scan("Commande n° 4000-1234-5678-9012 expédiée").clean()).isTrue(); // fails Luhn
        // Luhn-valid digits of the test Visa, but grouped as thousands: not a printed card number.
        assertThat(SCANNER.scan("Total 4 111 111 111 111 111 points").clean()).isTrue();
    }

    @Test
    void findsCardNumberNextToOtherNumbers() {
        String text = "Le 12 2024 carte 4111 1111 1111 1111 2 fois";
        assertSingle(text, "4111 1111 1111 1111", FindingKind.PAYMENT_CARD);
    }

    @Test
    void ignoresCardDigitsGluedToLetters() {
        assertThat(SCANNER.scan("ref4111111111111111").clean()).isTrue();
        assertThat(SCANNER.scan("4111111111111111abc").clean()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "FR76 3000 6000 0112 3456 7890 189", "FR7630006000011234567890189", "DE89 3704 0044 0532 0130 00",
        "GB82 WEST 1234 5698 7654 32", "BE68 5390 0754 7034", "NL91 ABNA 0417 1643 00",
        "ES91 2100 0418 4502 0005 1332", "IT60 X054 2811 1010 0000 0123 456", "CH93 0076 2011 6238 5295 7",
        "LU28 0019 4006 4475 0000", "AT61 1904 3002 3457 3201", "PT50 0002 0123 1234 5678 9015 4",
        "IE29 AIBK 9311 5212 3456 78", "MC58 1122 2000 0101 2345 6789 030", "fr76 3000 6000 0112 3456 7890 189"
    })
    void flagsValidIban(String iban) {
        String text = "Virement sur " + iban + " demain";
        assertSingle(text, iban, FindingKind.IBAN);
        assertThat(SCANNER.scan(text).refused()).isFalse();
    }

    @Test
    void ignoresIbanFailingMod97() {
        assertThat(kindsIn("IBAN FR76 3000 6000 0112 3456 7890 188")).doesNotContain(FindingKind.IBAN);
        assertThat(kindsIn("IBAN DE89 3704 0044 0532 0130 01")).doesNotContain(FindingKind.IBAN);
    }

    @Test
    void ignoresIbanOfWrongLengthForItsCountry() {
        // BE68 5390 0754 7034 is valid for Belgium (16); the same digits under "FR" can't reach France's 27.
        assertThat(kindsIn("Compte FR68 5390 0754 7034")).doesNotContain(FindingKind.IBAN);
        // A valid German IBAN with one more character is too long for DE (22) and is cut nowhere else.
        assertThat(kindsIn("DE89370400440532013000X")).doesNotContain(FindingKind.IBAN);
    }

    @Test
    void stopsIbanBeforeFollowingWord() {
        assertSingle("Compte BE68 5390 0754 7034 MERCI", "BE68 5390 0754 7034", FindingKind.IBAN);
    }

    @Test
    void acceptsUnknownCountryWithValidLengthAndMod97() {
        // Country "XK" (Kosovo) is not in the length table: any 15-34 length with a valid mod-97 is an IBAN.
        assertSingle("Account XK05 1212 0123 4567 8906 here", "XK05 1212 0123 4567 8906", FindingKind.IBAN);
    }

    @Test
    void doesNotReportIbanAlsoAsCard() {
        // The digits after FR76 contain Luhn-valid 16-digit runs with issuer 3; the IBAN wins.
        ScanResult result = SCANNER.scan("IBAN FR76 3000 6000 0112 3456 7890 189");
        assertThat(result.kinds()).containsExactly(FindingKind.IBAN);
        assertThat(result.refused()).isFalse();
    }
}
