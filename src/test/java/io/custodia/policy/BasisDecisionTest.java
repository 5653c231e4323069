package io.custodia.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.datamap.DataMap;
import io.custodia.datamap.DataMapLoader;
import io.custodia.datamap.Purpose;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The legal-basis rules of invariant 4 over the default data map, one case per rule. */
class BasisDecisionTest {

    private static final Instant MARCH_2 = Instant.parse("2026-03-02T10:15:00Z");
    private static AccessPolicy policy;
    private static DataMap map;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = BasisDecisionTest.class.getResourceAsStream("/datamap/default-datamap.yml")) {
            map = new DataMapLoader().load(in, "default-datamap.yml");
        }
        policy = new AccessPolicy(map);
    }

    private static Purpose purpose(String id) {
        return map.purpose(id).orElseThrow();
    }

    @Test
    void contractAndLegalObligationHoldWithoutAnyRecordedChoice() {
        assertThat(policy.decideBasis(purpose("crm"), BasisState.NONE)).isNull();
        assertThat(policy.decideBasis(purpose("accounting"), BasisState.NONE)).isNull();
        assertThat(policy.decideBasis(purpose("prospecting"), BasisState.NONE)).isNull();
    }

    @Test
    void aConsentPurposeNeedsConsentGivenAndNamesTheDayItStopped() {
        assertThat(policy.decideBasis(purpose("email-marketing"), BasisState.NONE).reason()).isEqualTo("CONSENT_MISSING");
        assertThat(policy.decideBasis(purpose("email-marketing"), new BasisState("CONSENT_GIVEN", MARCH_2, null))).isNull();
        BasisRefusal withdrawn = policy.decideBasis(purpose("email-marketing"), new BasisState("CONSENT_WITHDRAWN", MARCH_2, null));
        assertThat(withdrawn.reason()).isEqualTo("CONSENT_WITHDRAWN");
        assertThat(withdrawn.message()).isEqualTo("consent for email-marketing withdrawn on 2026-03-02");
        assertThat(withdrawn.since()).isEqualTo(MARCH_2);
        assertThat(policy.decideBasis(purpose("email-marketing"), new BasisState("CONSENT_REFUSED", MARCH_2, null)).message())
                .isEqualTo("consent for email-marketing refused on 2026-03-02");
        assertThat(policy.decideBasis(purpose("email-marketing"), new BasisState("CONSENT_EXPIRED", MARCH_2, null)).reason())
                .isEqualTo("CONSENT_EXPIRED");
    }

    @Test
    void anObjectionVoidsLegitimateInterestAndDirectMarketingButNotAContract() {
        BasisState objected = new BasisState("OBJECTED", MARCH_2, null);
        assertThat(policy.decideBasis(purpose("prospecting"), objected).reason()).isEqualTo("OBJECTED");
        assertThat(policy.decideBasis(purpose("prospecting"), objected).message()).contains("Art. 21(3)");
        assertThat(policy.decideBasis(purpose("analytics"), objected).reason()).isEqualTo("OBJECTED");
        assertThat(policy.decideBasis(purpose("analytics"), objected).message()).doesNotContain("21(3)");
        assertThat(policy.decideBasis(purpose("email-marketing"), objected).reason()).isEqualTo("OBJECTED");
        assertThat(policy.decideBasis(purpose("crm"), objected)).isNull();
    }

    /** CCPA §1798.120: once opted out (a GPC signal counts), a purpose that sells or shares is refused, and only such a purpose. */
    @Test
    void anOptOutOfSaleRefusesPurposesThatSellOrShareAndNoOther() throws IOException {
        String yaml;
        try (InputStream in = BasisDecisionTest.class.getResourceAsStream("/datamap/default-datamap.yml")) {
            yaml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("    roles: [MARKETING]\n", "    roles: [MARKETING]\n    sale-or-sharing: true\n");
        }
        DataMap selling = new DataMapLoader().load(new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "t.yml");
        AccessPolicy sellingPolicy = new AccessPolicy(selling);
        BasisState optedOut = new BasisState("CONSENT_GIVEN", MARCH_2, null, MARCH_2);
        BasisRefusal refusal = sellingPolicy.decideBasis(selling.purpose("email-marketing").orElseThrow(), optedOut);
        assertThat(refusal.reason()).isEqualTo("OPTED_OUT_OF_SALE");
        assertThat(refusal.message()).contains("CCPA §1798.120").contains("2026-03-02");
        assertThat(sellingPolicy.decideBasis(selling.purpose("prospecting").orElseThrow(), optedOut)).isNull();
        // the default register sells nothing: an opt-out refuses nothing there
        assertThat(policy.decideBasis(purpose("email-marketing"), optedOut)).isNull();
    }

    @Test
    void restrictionLeavesOnlyLegalObligationsWhateverElseHolds() {
        BasisState restricted = new BasisState("CONSENT_GIVEN", MARCH_2, MARCH_2.plusSeconds(86_400));
        for (String id : new String[] {"crm", "support", "prospecting", "email-marketing"}) {
            BasisRefusal refusal = policy.decideBasis(purpose(id), restricted);
            assertThat(refusal.reason()).as(id).isEqualTo("RESTRICTED");
            assertThat(refusal.message()).contains("restricted since 2026-03-03");
        }
        assertThat(policy.decideBasis(purpose("data-subject-rights"), restricted)).isNull();
        assertThat(policy.decideBasis(purpose("accounting"), restricted)).isNull();
    }
}
