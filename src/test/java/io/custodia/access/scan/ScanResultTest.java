package io.custodia.access.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The public records and enum: argument checks and derived views. */
class ScanResultTest {

    @Test
    void onlyPaymentCardsAreRefused() {
        assertThat(Arrays.stream(FindingKind.values()).filter(FindingKind::refused))
                .containsExactly(FindingKind.PAYMENT_CARD);
    }

    @Test
    void findingChecksItsArguments() {
        assertThatThrownBy(() -> new Finding(null, 0, 1, "email")).hasMessageContaining("kind");
        assertThatThrownBy(() -> new Finding(FindingKind.EMAIL, -1, 1, "email")).hasMessageContaining("start");
        assertThatThrownBy(() -> new Finding(FindingKind.EMAIL, 3, 3, "email")).hasMessageContaining("end");
        assertThatThrownBy(() -> new Finding(FindingKind.EMAIL, 0, 1, null)).hasMessageContaining("detail");
    }

    @Test
    void findingDetailCannotCarryTheValue() {
        assertThatThrownBy(() -> new Finding(FindingKind.EMAIL, 0, 15, "jean@example.fr"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("detail")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("jean@example.fr"));
        assertThatThrownBy(() -> new Finding(FindingKind.SPECIAL_CATEGORY, 0, 6, "cancer"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("detail");
        assertThat(new Finding(FindingKind.SPECIAL_CATEGORY, 0, 6, "health").detail()).isEqualTo("health");
        assertThat(new Finding(FindingKind.US_SSN, 0, 11, "us_ssn").detail()).isEqualTo("us_ssn");
    }

    @Test
    void resultChecksItsArguments() {
        assertThatThrownBy(() -> new ScanResult(null)).hasMessageContaining("findings");
        List<Finding> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> new ScanResult(withNull)).hasMessageContaining("findings");
        assertThatThrownBy(() -> new ScanResult(List.of(Finding.of(FindingKind.EMAIL, 0, 5),
                Finding.of(FindingKind.PHONE, 4, 8)))).hasMessageContaining("overlap");
        ScanResult result = new ScanResult(List.of(Finding.of(FindingKind.EMAIL, 0, 5)));
        assertThatThrownBy(() -> result.redacted(null)).hasMessageContaining("original");
        assertThatThrownBy(() -> result.redacted("abc")).hasMessageContaining("original");
    }

    @Test
    void resultIsSortedAndImmutable() {
        List<Finding> findings = new ArrayList<>(List.of(Finding.of(FindingKind.PHONE, 10, 12),
                Finding.special("religion", 0, 3)));
        ScanResult result = new ScanResult(findings);
        findings.clear();
        assertThat(result.findings()).extracting(Finding::start).containsExactly(0, 10);
        assertThatThrownBy(() -> result.findings().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> result.kinds().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> result.specialCategories().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(result.redacted("abcdefghijklmn")).isEqualTo("[special_category]defghij[phone]mn");
    }

    @Test
    void checksumsFollowTheirStandards() {
        assertThat(Checksums.luhn("79927398713")).isTrue(); // the ISO/IEC 7812 worked example
        assertThat(Checksums.luhn("79927398710")).isFalse();
        assertThat(Checksums.ibanMod97("GB82WEST12345698765432")).isTrue(); // ECBS example
        assertThat(Checksums.ibanMod97("GB82WEST12345698765433")).isFalse();
        assertThat(Checksums.ibanMod97("GB82")).isFalse();
        assertThat(Checksums.ibanMod97("GB82WEST1234569876543_")).isFalse();
        assertThat(Checksums.nirKey(1841276451089L)).isEqualTo(46);
        assertThat(Checksums.nirKey(97L)).isEqualTo(97);
    }
}
