package io.custodia.access.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Generated card numbers, IBANs and NIRs: the checksums must decide, not the particular digits. */
class NoteScannerPropertiesTest {

    private static final NoteScanner SCANNER = new NoteScanner();

    @Property
    void luhnValidVisaOrMastercardIsRefused(@ForAll("cards") String card, @ForAll boolean grouped) {
        String text = "Carte : " + format(card, grouped) + ", merci.";
        ScanResult result = SCANNER.scan(text);
        assertThat(result.refused()).isTrue();
        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.PAYMENT_CARD);
            assertThat(text.substring(f.start(), f.end())).isEqualTo(format(card, grouped));
        });
    }

    @Property
    void cardWithOneDigitChangedIsNotACard(@ForAll("cards") String card, @ForAll @IntRange(max = 15) int position,
            @ForAll @IntRange(min = 1, max = 9) int delta, @ForAll boolean grouped) {
        char[] digits = card.toCharArray();
        digits[position] = (char) ('0' + (digits[position] - '0' + delta) % 10);
        ScanResult result = SCANNER.scan("Carte : " + format(new String(digits), grouped) + ", merci.");
        assertThat(result.refused()).isFalse();
        assertThat(result.kinds()).doesNotContain(FindingKind.PAYMENT_CARD);
    }

    @Property
    void validFrenchIbanIsFoundAndNeverTakenForACard(@ForAll("frenchBbans") String bban, @ForAll boolean grouped) {
        String iban = format(frenchIban(bban), grouped);
        String text = "RIB : " + iban + " (compte courant)";
        ScanResult result = SCANNER.scan(text);
        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.IBAN);
            assertThat(text.substring(f.start(), f.end())).isEqualTo(iban);
        });
        assertThat(result.refused()).isFalse();
    }

    @Property
    void frenchIbanWithOneDigitChangedIsNotAnIban(@ForAll("frenchBbans") String bban,
            @ForAll @IntRange(min = 2, max = 26) int position, @ForAll @IntRange(min = 1, max = 9) int delta) {
        char[] chars = frenchIban(bban).toCharArray();
        chars[position] = (char) ('0' + (chars[position] - '0' + delta) % 10);
        ScanResult result = SCANNER.scan("RIB : " + format(new String(chars), true));
        assertThat(result.kinds()).doesNotContain(FindingKind.IBAN);
    }

    @Property
    void validNirIsFound(@ForAll("nirBodies") String body, @ForAll boolean spaced) {
        long number = Long.parseLong(body.replace("2A", "19").replace("2B", "18"));
        String compact = body + String.format("%02d", 97 - number % 97);
        String nir = spaced ? String.join(" ", compact.substring(0, 1), compact.substring(1, 3),
                compact.substring(3, 5), compact.substring(5, 7), compact.substring(7, 10),
                compact.substring(10, 13), compact.substring(13)) : compact;
        String text = "NIR : " + nir + ".";
        ScanResult result = SCANNER.scan(text);
        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.FR_NIR);
            assertThat(text.substring(f.start(), f.end())).isEqualTo(nir);
        });
    }

    @Property
    void redactionRemovesEveryFindingAndKeepsTheRest(@ForAll("cards") String card, @ForAll("frenchBbans") String bban) {
        String text = "x " + card + " y " + frenchIban(bban) + " z";
        assertThat(SCANNER.scan(text).redacted(text)).isEqualTo("x [payment_card] y [iban] z");
    }

    @Provide
    Arbitrary<String> cards() {
        Arbitrary<String> prefix = Arbitraries.of("4", "51", "52", "53", "54", "55", "2221", "2720");
        return Combinators.combine(prefix, Arbitraries.strings().numeric().ofLength(15)).as((p, rest) -> {
            String body = (p + rest).substring(0, 15);
            return body + luhnCheckDigit(body);
        });
    }

    @Provide
    Arbitrary<String> frenchBbans() {
        // Bank (5) + branch (5) + account (11) + RIB key (2): 23 digits; the IBAN check digits carry the check.
        return Arbitraries.strings().numeric().ofLength(23);
    }

    @Provide
    Arbitrary<String> nirBodies() {
        Arbitrary<String> sex = Arbitraries.of("1", "2", "7", "8");
        Arbitrary<String> year = Arbitraries.integers().between(0, 99).map(y -> String.format("%02d", y));
        Arbitrary<String> month = Arbitraries.oneOf(Arbitraries.integers().between(1, 12),
                Arbitraries.of(20, 30, 42, 50, 99)).map(m -> String.format("%02d", m));
        Arbitrary<String> department = Arbitraries.oneOf(
                Arbitraries.integers().between(1, 99).map(d -> String.format("%02d", d)), Arbitraries.of("2A", "2B"));
        Arbitrary<String> communeAndOrder = Arbitraries.strings().numeric().ofLength(6);
        return Combinators.combine(sex, year, month, department, communeAndOrder).as((s, y, m, d, c) -> s + y + m + d + c);
    }

    private static int luhnCheckDigit(String body) {
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            int d = body.charAt(body.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
        }
        return (10 - sum % 10) % 10;
    }

    /** ISO 13616 check digits: 98 - (BBAN + "FR00", letters as numbers) mod 97. */
    private static String frenchIban(String bban) {
        BigInteger n = new BigInteger(bban + "1527" + "00"); // F = 15, R = 27
        int check = 98 - n.mod(BigInteger.valueOf(97)).intValue();
        return "FR" + String.format("%02d", check) + bban;
    }

    private static String format(String compact, boolean grouped) {
        return grouped ? compact.replaceAll("(.{4})(?!$)", "$1 ") : compact;
    }
}
