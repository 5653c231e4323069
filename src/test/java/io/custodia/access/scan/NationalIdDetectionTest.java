package io.custodia.access.scan;

import static io.custodia.access.scan.ScanAssertions.SCANNER;
import static io.custodia.access.scan.ScanAssertions.assertSingle;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** French NIR and US SSN (flagged). Values are the public documentation examples or computed keys. */
class NationalIdDetectionTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "1 84 12 76 451 089 46", "184127645108946", "2 55 08 14 168 025 38", "18412 76451 08946",
        "1 85 05 2A 123 456 33", // Corsica, 2A read as 19 for the key
        "2 90 02 2B 045 012 76", // Corsica, 2B read as 18 for the key
        "1 99 03 99 123 456 65", // born abroad (department 99)
        "7 99 01 50 123 456 86"  // temporary number (7)
    })
    void flagsValidNir(String nir) {
        String text = "Numéro de sécurité sociale : " + nir + ".";
        assertSingle(text, nir, FindingKind.FR_NIR);
        assertThat(SCANNER.scan(text).refused()).isFalse();
    }

    @Test
    void flagsNirWithLowercaseCorsicanDepartment() {
        assertSingle("NIR 1 85 05 2a 123 456 33", "1 85 05 2a 123 456 33", FindingKind.FR_NIR);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "1 84 12 76 451 089 47", // wrong key
        "1 85 05 2A 123 456 34", // wrong key for Corsica
        "1 85 05 2C 123 456 33", // no department 2C
        "3 84 12 76 451 089 46", // first digit 3 is not a sex/temporary code
        "1 84 13 76 451 089 46", // month 13 never occurs
        "1 84 12 76 451 089 4"  // 14 characters
    })
    void ignoresInvalidNir(String nir) {
        assertThat(SCANNER.scan("NIR " + nir).kinds()).as(nir).doesNotContain(FindingKind.FR_NIR);
    }

    @Test
    void acceptsInseeFictitiousMonths() {
        for (String prefix : new String[] {"1842076451089", "1843576451089", "1846076451089"}) {
            long key = 97 - Long.parseLong(prefix) % 97;
            String nir = prefix + String.format("%02d", key);
            assertSingle("NIR " + nir, nir, FindingKind.FR_NIR);
        }
        String month25 = "1842576451089";
        String nir = month25 + String.format("%02d", 97 - Long.parseLong(month25) % 97);
        assertThat(SCANNER.scan("NIR " + nir).kinds()).doesNotContain(FindingKind.FR_NIR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"123-45-6789", "078-05-1120", "123 45 6789", "665-01-0001", "899-99-9999"})
    void flagsSeparatedSsn(String ssn) {
        assertSingle("Applicant SSN on file: " + ssn + ".", ssn, FindingKind.US_SSN);
    }

    @Test
    void flagsBareNineDigitsOnlyWhenAnnounced() {
        assertSingle("SSN 123456789", "123456789", FindingKind.US_SSN);
        assertSingle("Her social security number is 078051120.", "078051120", FindingKind.US_SSN);
        assertSingle("Social  Security no. 123456789", "123456789", FindingKind.US_SSN);
        assertThat(SCANNER.scan("Order 123456789 shipped").clean()).isTrue();
        assertThat(SCANNER.scan("SSN was asked, but the order number is 123456789").clean()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "000-12-3456", "666-12-3456", "900-12-3456", "987-65-4320", // areas never issued (987-65-432x: SSA ads)
        "123-00-4567", "123-45-0000", // group 00, serial 0000
        "123-45 6789", "1-123-45-6789", "123-45-6789-1", "123-456-789" // not the AAA-GG-SSSS shape
    })
    void ignoresInvalidSsn(String text) {
        assertThat(SCANNER.scan("Ref " + text).kinds()).as(text).doesNotContain(FindingKind.US_SSN);
    }
}
