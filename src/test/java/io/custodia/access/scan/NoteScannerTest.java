package io.custodia.access.scan;

import static io.custodia.access.scan.ScanAssertions.SCANNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The scanner as a whole: arguments, several findings at once, redaction, no personal data in details. */
class NoteScannerTest {

    private static final String NOTE = "Appel de Jean (jean.dupont@example.fr, 06 12 34 56 78). "
            + "Hospitalisé en mars, il souhaite payer par virement sur FR76 3000 6000 0112 3456 7890 189. "
            + "NIR 1 84 12 76 451 089 46. Il est syndiqué.";

    @Test
    void rejectsNullText() {
        assertThatThrownBy(() -> SCANNER.scan(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("text");
    }

    @Test
    void rejectsTextOverTheLimit() {
        String tooLong = "a".repeat(NoteScanner.MAX_LENGTH + 1);
        assertThatThrownBy(() -> SCANNER.scan(tooLong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("text")
                .hasMessageContaining("100000");
    }

    @Test
    void acceptsTextAtTheLimit() {
        assertThat(SCANNER.scan("a".repeat(NoteScanner.MAX_LENGTH)).clean()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "RAS, client satisfait du service.", "Meeting went well, follow up in Q3 2025."})
    void findsNothingInOrdinaryNotes(String text) {
        ScanResult result = SCANNER.scan(text);
        assertThat(result.clean()).isTrue();
        assertThat(result.refused()).isFalse();
        assertThat(result.kinds()).isEmpty();
        assertThat(result.specialCategories()).isEmpty();
        assertThat(result.redacted(text)).isEqualTo(text);
    }

    @Test
    void findsSeveralKindsWithTheirSpansInOrder() {
        ScanResult result = SCANNER.scan(NOTE);
        assertThat(result.findings()).extracting(Finding::kind).containsExactly(FindingKind.EMAIL,
                FindingKind.PHONE, FindingKind.SPECIAL_CATEGORY, FindingKind.IBAN, FindingKind.FR_NIR,
                FindingKind.SPECIAL_CATEGORY);
        assertThat(result.findings()).extracting(f -> NOTE.substring(f.start(), f.end())).containsExactly(
                "jean.dupont@example.fr", "06 12 34 56 78", "Hospitalisé", "FR76 3000 6000 0112 3456 7890 189",
                "1 84 12 76 451 089 46", "syndiqué");
        assertThat(result.kinds()).containsExactly(FindingKind.EMAIL, FindingKind.PHONE, FindingKind.IBAN,
                FindingKind.FR_NIR, FindingKind.SPECIAL_CATEGORY);
        assertThat(result.specialCategories()).containsExactly("health", "trade_union");
        assertThat(result.refused()).isFalse();
        assertThat(result.clean()).isFalse();
    }

    @Test
    void redactsEveryFindingWithItsKind() {
        assertThat(SCANNER.scan(NOTE).redacted(NOTE)).isEqualTo("Appel de Jean ([email], [phone]). "
                + "[special_category] en mars, il souhaite payer par virement sur [iban]. "
                + "NIR [fr_nir]. Il est [special_category].");
    }

    @Test
    void refusesNoteWithCardAmongOtherFindings() {
        String text = "Jean (06 12 34 56 78) a donné sa carte 5555 5555 5555 4444, il est diabétique.";
        ScanResult result = SCANNER.scan(text);
        assertThat(result.refused()).isTrue();
        assertThat(result.kinds()).containsExactly(FindingKind.PHONE, FindingKind.PAYMENT_CARD,
                FindingKind.SPECIAL_CATEGORY);
        assertThat(result.redacted(text))
                .isEqualTo("Jean ([phone]) a donné sa carte [payment_card], il est [special_category].");
    }

    @Test
    void detailNeverContainsTheMatchedValue() {
        String text = NOTE + " Carte 4111 1111 1111 1111, SSN 078-05-1120, +1 (415) 555-0132.";
        ScanResult result = SCANNER.scan(text);
        assertThat(result.kinds()).containsAll(List.of(FindingKind.values()));
        for (Finding f : result.findings()) {
            String value = text.substring(f.start(), f.end());
            if (f.kind() == FindingKind.SPECIAL_CATEGORY) {
                assertThat(SpecialCategoryLexicon.CATEGORIES).contains(f.detail());
            } else {
                assertThat(f.detail()).isEqualTo(f.kind().name().toLowerCase(Locale.ROOT));
                assertThat(f.detail()).doesNotContain(value).doesNotContainPattern("\\d");
            }
            assertThat(f.toString()).doesNotContain(value);
        }
    }

    @Test
    void identifierWinsOverSpecialTermInsideIt() {
        assertThat(SCANNER.scan("Écrire à gay.cancer@example.fr").kinds()).containsExactly(FindingKind.EMAIL);
    }

    @Test
    void findsAdjacentIdentifiersSeparately() {
        String text = "06 12 34 56 78/07 98 76 54 32";
        assertThat(SCANNER.scan(text).redacted(text)).isEqualTo("[phone]/[phone]");
    }

    @Test
    void readsNoBreakSpacesAndHyphensAsSeparators() {
        String text = "Tél. 06\u00a012\u00a034\u00a056\u00a078, carte 4111\u202f1111\u202f1111\u202f1111, "
                + "NIR 1\u00a084 12 76 451 089 46, SSN 078\u201105\u20111120";
        ScanResult result = SCANNER.scan(text);
        assertThat(result.redacted(text))
                .isEqualTo("Tél. [phone], carte [payment_card], NIR [fr_nir], SSN [us_ssn]");
        assertThat(result.refused()).isTrue();
    }

    @Test
    void handlesSurrogatesAndUnusualCharacters() {
        String text = "👍 Diabète 😀 jean@example.fr\u00a0\u200b";
        assertThat(SCANNER.scan(text).redacted(text)).isEqualTo("👍 [special_category] 😀 [email]\u00a0\u200b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "1", "1 ", "a.", "+", "@", "-1", "2A", "é", "0"})
    void scansPathologicalInputsQuickly(String unit) {
        String text = unit.repeat(NoteScanner.MAX_LENGTH / unit.length());
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> SCANNER.scan(text));
    }

    @Test
    void scansMixedLongInputQuickly() {
        String text = (NOTE + " 4111 1111 1111 1111 ").repeat(NoteScanner.MAX_LENGTH / (NOTE.length() + 22));
        ScanResult result = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> SCANNER.scan(text));
        assertThat(result.refused()).isTrue();
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception {
        NoteScanner shared = new NoteScanner();
        ScanResult expected = shared.scan(NOTE);
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<ScanResult>> futures = pool.invokeAll(
                    Collections.nCopies(64, () -> shared.scan(NOTE)));
            for (Future<ScanResult> f : futures) {
                assertThat(f.get()).isEqualTo(expected);
            }
        }
    }
}
