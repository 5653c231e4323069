package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** An amount typed on the deal form as the page's language writes numbers. */
class DealAmountTest {

    @Test
    void frenchTakesSpacesAndADecimalCommaEnglishCommasForThousands() {
        assertThat(DealPages.amount("12 500,50", Locale.FRENCH)).isEqualTo("12500.50");
        assertThat(DealPages.amount("12\u202f500,5", Locale.FRENCH)).isEqualTo("12500.5");
        assertThat(DealPages.amount("12500.50", Locale.FRENCH)).isEqualTo("12500.50");
        assertThat(DealPages.amount("8900", Locale.FRENCH)).isEqualTo("8900");
        assertThat(DealPages.amount("12,500.50", Locale.ENGLISH)).isEqualTo("12500.50");
        assertThat(DealPages.amount("12500.50", Locale.ENGLISH)).isEqualTo("12500.50");
        // what is not a number either way is passed on as typed, for the service to refuse by name
        assertThat(DealPages.amount("12,5", Locale.ENGLISH)).isEqualTo("12,5");
        assertThat(DealPages.amount("douze", Locale.FRENCH)).isEqualTo("douze");
    }
}
