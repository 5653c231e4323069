package io.custodia.access.scan;

import static io.custodia.access.scan.ScanAssertions.SCANNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Art. 9(1) terms, French and English, from the bundled lexicon. */
class SpecialCategoryDetectionTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "Il est diabétique depuis 2015.|diabétique|health",
        "She is pregnant with twins.|pregnant|health",
        "Hospitalisée la semaine dernière.|Hospitalisée|health",
        "Suit une chimiothérapie.|chimiothérapie|health",
        "Diagnosed with HIV last year.|HIV|health",
        "En arrêt maladie jusqu'à lundi.|arrêt maladie|health",
        "Elle est musulmane pratiquante.|musulmane|religion",
        "Famille chrétienne, va à la messe.|chrétienne|religion",
        "He is Jewish and observes Shabbat.|Jewish|religion",
        "Franc-maçonne depuis dix ans.|Franc-maçonne|religion",
        "Adhérent du Parti socialiste.|Parti socialiste|political_opinion",
        "Vote RN depuis 2017.|RN|political_opinion",
        "Registered Democrat.|Democrat|political_opinion",
        "Syndiquée depuis 2010.|Syndiquée|trade_union",
        "Adhérent CGT.|CGT|trade_union",
        "Délégué syndical chez Renault.|Délégué syndical|trade_union",
        "He is a union member at the plant.|union member|trade_union",
        "Membre de FO.|FO|trade_union",
        "Mentionne ses origines maghrébines.|maghrébines|racial_or_ethnic_origin",
        "Self-described Hispanic.|Hispanic|racial_or_ethnic_origin",
        "Il est homosexuel.|homosexuel|sex_life_or_orientation",
        "Ouvertement lesbienne.|lesbienne|sex_life_or_orientation",
        "Openly bisexual.|bisexual|sex_life_or_orientation",
        "A fait un test ADN.|ADN|genetic",
        "Porteuse d'une mutation BRCA1.|BRCA1|genetic",
        "Accès par empreinte digitale.|empreinte digitale|biometric",
        "Uses facial recognition to log in.|facial recognition|biometric"
    })
    void flagsSpecialCategoryTerm(String text, String term, String category) {
        ScanResult result = SCANNER.scan(text);
        assertThat(result.findings()).as(text).hasSize(1);
        Finding finding = result.findings().getFirst();
        assertThat(finding.kind()).isEqualTo(FindingKind.SPECIAL_CATEGORY);
        assertThat(finding.detail()).isEqualTo(category);
        assertThat(text.substring(finding.start(), finding.end())).isEqualTo(term);
        assertThat(result.specialCategories()).containsExactly(category);
        assertThat(result.refused()).isFalse();
    }

    @Test
    void matchesWithoutAccentsAndInAnyCase() {
        for (String text : List.of("diabetique", "DIABÉTIQUE", "Diabétique", "diabe\u0301tique")) {
            ScanResult result = SCANNER.scan("Patient " + text + ".");
            assertThat(result.specialCategories()).as(text).containsExactly("health");
            Finding f = result.findings().getFirst();
            assertThat(f.start()).isEqualTo("Patient ".length());
            assertThat(f.end()).as("span covers combining marks").isEqualTo("Patient ".length() + text.length());
        }
        assertThat(SCANNER.scan("Famille CHRETIENNE").specialCategories()).containsExactly("religion");
        assertThat(SCANNER.scan("Reconnaissance faciale à l'entrée").specialCategories())
                .containsExactly("biometric");
    }

    @Test
    void matchesRegularPluralsAndListedFeminines() {
        assertThat(SCANNER.scan("Deux cancers dans la famille").specialCategories()).containsExactly("health");
        assertThat(SCANNER.scan("Empreintes digitales relevées").specialCategories()).containsExactly("biometric");
        assertThat(SCANNER.scan("Ils sont syndiqués").specialCategories()).containsExactly("trade_union");
        assertThat(SCANNER.scan("Deux sœurs juives").specialCategories()).containsExactly("religion");
    }

    @Test
    void matchesWholeWordsOnly() {
        assertThat(SCANNER.scan("Le cancérologue a appelé").clean()).isTrue();
        assertThat(SCANNER.scan("Gayet, Fournisseur; unionized?").specialCategories()).containsExactly("trade_union");
        assertThat(SCANNER.scan("Notre pays en union européenne").clean()).isTrue();
        assertThat(SCANNER.scan("Adhésion au syndicat").findings()).hasSize(1);
        assertThat(SCANNER.scan("syndicats").findings()).hasSize(1);
        assertThat(SCANNER.scan("Le syndic de copropriété").clean()).isTrue();
    }

    @Test
    void matchesUppercaseAcronymsCaseSensitively() {
        assertThat(SCANNER.scan("Vote RN, membre de FO, a le SIDA").findings()).hasSize(3);
        assertThat(SCANNER.scan("Il fo rn: the teacher aids pupils").clean()).isTrue();
        assertThat(SCANNER.scan("Living with AIDS").specialCategories()).containsExactly("health");
    }

    @Test
    void prefersLongestTermAtAPosition() {
        ScanResult result = SCANNER.scan("Il est en arrêt maladie");
        assertThat(result.findings()).hasSize(1);
        assertThat(result.findings().getFirst().end() - result.findings().getFirst().start())
                .isEqualTo("arrêt maladie".length());
    }

    @Test
    void doesNotFlagEverydayWords() {
        assertThat(SCANNER.scan("""
                Rendez-vous avec le client pour la démo du produit. Il souhaite une offre pour 50 licences,
                livraison en janvier. The party was fun; the union of both teams went well. Race à 10 h.
                """).clean()).isTrue();
    }

    @Test
    void bundledLexiconLoadsWithKnownCategoriesInBothLanguages() {
        SpecialCategoryLexicon lexicon = SpecialCategoryLexicon.load();
        assertThat(lexicon.size()).isBetween(60, 400);
        for (String word : List.of("cancer", "diabete", "diabetes", "musulman", "muslim", "syndicat", "gay",
                "genetic", "fingerprint")) {
            assertThat(lexicon.startingWith(word)).as(word).isNotEmpty();
        }
    }

    @Test
    void lexiconRejectsUnknownCategoryWithLineNumber() {
        assertThatThrownBy(() -> SpecialCategoryLexicon.parse(List.of("# comment", "", "heatlh\tcancer")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("heatlh");
    }

    @Test
    void lexiconRejectsMalformedLines() {
        assertThatThrownBy(() -> SpecialCategoryLexicon.parse(List.of("health cancer")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("category<TAB>term");
        assertThatThrownBy(() -> SpecialCategoryLexicon.parse(List.of("health\t--")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no letters");
        assertThatThrownBy(() -> SpecialCategoryLexicon.parse(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lines");
    }

    @Test
    void customLexiconExtendsDetection() {
        SpecialCategoryDetector detector =
                new SpecialCategoryDetector(SpecialCategoryLexicon.parse(List.of("health\tmigraine chronique")));
        List<Finding> out = new ArrayList<>();
        detector.detect("Souffre de migraines chroniques.", out);
        assertThat(out).singleElement().satisfies(f -> {
            assertThat(f.detail()).isEqualTo("health");
            assertThat(f.start()).isEqualTo("Souffre de ".length());
        });
    }
}
