package io.custodia.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A client's request id reaches the ledger only when it is a UUID: no text a client types is kept for ever. */
class CorrelationTest {

    @Test
    void keepsAClientsUuidInLowerCase() {
        assertThat(Correlation.acceptOrCreate(" 0192F0C4-7B1E-7C3A-9A55-3F1F6D2E8B10 ")).isEqualTo("0192f0c4-7b1e-7c3a-9a55-3f1f6d2e8b10");
    }

    @Test
    void replacesAnythingElseWithANewId() {
        for (String sent : new String[] {"jean.dupont", "0612345678", "FR7630006000011234567890189", "req-12345678", "", null}) {
            String id = Correlation.acceptOrCreate(sent);
            assertThat(id).isNotEqualTo(sent).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
        }
    }

    @Test
    void aScopeRestoresThePreviousId() {
        try (Correlation.Scope outer = Correlation.open("a")) {
            try (Correlation.Scope inner = Correlation.open("b")) {
                assertThat(Correlation.current()).isEqualTo("b");
            }
            assertThat(Correlation.current()).isEqualTo("a");
        }
        assertThat(Correlation.current()).isNull();
    }
}
