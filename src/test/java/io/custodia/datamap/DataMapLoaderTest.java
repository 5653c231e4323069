package io.custodia.datamap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.identity.Role;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Period;
import org.junit.jupiter.api.Test;

class DataMapLoaderTest {

    private final DataMapLoader loader = new DataMapLoader();

    private String defaultMap() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/datamap/default-datamap.yml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private DataMap load(String yaml) {
        return loader.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yml");
    }

    @Test
    void loadsTheDefaultRegisterWithItsSixRequiredPurposes() throws IOException {
        DataMap map = load(defaultMap());
        assertThat(map.purposes().keySet()).contains("crm", "support", "prospecting", "email-marketing", "analytics", "accounting");
        assertThat(map.purpose("email-marketing").orElseThrow().legalBasis()).isEqualTo(LegalBasis.CONSENT);
        assertThat(map.purpose("prospecting").orElseThrow().legalBasis()).isEqualTo(LegalBasis.LEGITIMATE_INTEREST);
        assertThat(map.purpose("accounting").orElseThrow().legalBasis()).isEqualTo(LegalBasis.LEGAL_OBLIGATION);
        // CNIL: prospects are kept 3 years from the last contact they initiated
        assertThat(map.purpose("prospecting").orElseThrow().retention())
                .isEqualTo(new RetentionRule(Period.ofYears(3), RetentionEvent.LAST_CONTACT_BY_SUBJECT));
        assertThat(map.purposesFor(java.util.Set.of(Role.MARKETING))).extracting(Purpose::id).containsExactly("email-marketing");
        // the person themself uses consent-management through the privacy centre, and nothing else
        assertThat(map.purposes().values()).filteredOn(Purpose::selfService).extracting(Purpose::id).containsExactly("consent-management");
        assertThat(map.recipients().get("emailing-provider").outsideEea()).isTrue();
        assertThat(map.purpose("analytics").orElseThrow().aggregateOnly()).isTrue();
        assertThat(map.purpose("crm").orElseThrow().aggregateOnly()).isFalse();
    }

    @Test
    void refusesAPurposeUsingAnUndeclaredFieldNamingTheLine() throws IOException {
        String yaml = defaultMap().replaceFirst("fields: \\[person.first_name, person.last_name, person.emails, person.phones, person.job_title",
                "fields: [person.shoe_size, person.last_name, person.emails, person.phones, person.job_title");
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(DataMapException.class)
                .hasMessageContaining("test.yml, line ").hasMessageContaining("'person.shoe_size', which is not declared");
    }

    @Test
    void refusesAPurposeBothAggregateOnlyAndSelfService() throws IOException {
        String yaml = defaultMap().replace("aggregate-only: true ", "aggregate-only: true\n    self-service: true ");
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(DataMapException.class).hasMessageContaining("'analytics' cannot be both aggregate-only and self-service");
    }

    @Test
    void refusesAnUnknownLegalBasis() throws IOException {
        String yaml = defaultMap().replace("legal-basis: consent ", "legal-basis: because-we-can ");
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(DataMapException.class)
                .hasMessageContaining("legal basis 'because-we-can' is not one of");
    }

    @Test
    void refusesAMalformedRetentionDuration() throws IOException {
        String yaml = defaultMap().replace("duration: P10Y", "duration: ten years");
        assertThatThrownBy(() -> load(yaml)).hasMessageContaining("'ten years' is not an ISO-8601 period");
    }

    @Test
    void refusesATransferOutsideTheEeaWithoutSafeguard() throws IOException {
        String yaml = defaultMap().replace("    safeguard: \"Standard contractual clauses (Commission decision 2021/914) and EU-US Data Privacy Framework\"\n", "");
        assertThatThrownBy(() -> load(yaml)).hasMessageContaining("outside the EEA").hasMessageContaining("Art. 46");
    }

    @Test
    void refusesAFieldNoPurposeUses() throws IOException {
        String yaml = defaultMap().replace("  interaction.summary: { category: user.content.private, scan: true }",
                "  interaction.summary: { category: user.content.private, scan: true }\n  person.nickname: { category: user.name.nickname }");
        assertThatThrownBy(() -> load(yaml)).hasMessageContaining("'person.nickname' is used by no purpose");
    }

    @Test
    void refusesSpecialCategoryWithoutExplicitConsent() throws IOException {
        String yaml = defaultMap().replace("  person.notes:        { category: user.content.private, scan: true }",
                "  person.notes:        { category: user.content.private, scan: true, special: true }");
        assertThat(yaml).contains("special: true");
        assertThatThrownBy(() -> load(yaml)).hasMessageContaining("special-category field 'person.notes'").hasMessageContaining("Art. 9");
    }

    @Test
    void refusesUnknownKeysAndRoles() throws IOException {
        assertThatThrownBy(() -> load(defaultMap().replace("roles: [ANALYST]", "roles: [INTERN]")))
                .hasMessageContaining("'INTERN' is not one of");
        assertThatThrownBy(() -> load(defaultMap().replace("version: 1", "version: 1\ncolour: blue")))
                .hasMessageContaining("unknown key 'colour'");
    }

    @Test
    void refusesInvalidYaml() {
        assertThatThrownBy(() -> load("purposes: [unclosed")).isInstanceOf(DataMapException.class).hasMessageContaining("not valid YAML");
    }

    @org.junit.jupiter.api.Test
    void aRetentionPeriodAndALegalBasisReadInEachLanguage() {
        assertThat(new RetentionRule(Period.ofYears(3), RetentionEvent.COLLECTION).durationIn(java.util.Locale.ENGLISH)).isEqualTo("3 years");
        assertThat(new RetentionRule(Period.ofYears(1), RetentionEvent.COLLECTION).durationIn(java.util.Locale.FRENCH)).isEqualTo("1 an");
        assertThat(new RetentionRule(Period.of(1, 6, 0), RetentionEvent.COLLECTION).durationIn(java.util.Locale.ENGLISH)).isEqualTo("1 year and 6 months");
        assertThat(new RetentionRule(Period.ofMonths(13), RetentionEvent.COLLECTION).durationIn(java.util.Locale.FRENCH)).isEqualTo("13 mois");
        assertThat(new RetentionRule(Period.ofDays(1), RetentionEvent.COLLECTION).durationIn(java.util.Locale.ENGLISH)).isEqualTo("1 day");
        assertThat(new RetentionRule(Period.of(2, 0, 30), RetentionEvent.COLLECTION).durationIn(java.util.Locale.FRENCH)).isEqualTo("2 ans et 30 jours");
        assertThat(LegalBasis.CONTRACT.article(java.util.Locale.FRENCH)).isEqualTo("RGPD art. 6(1)(b)");
        assertThat(LegalBasis.CONTRACT.article(java.util.Locale.ENGLISH)).isEqualTo("GDPR Art. 6(1)(b)");
        assertThat(FieldDefinition.messageKey("person.first_name")).isEqualTo("person.field.firstName");
        assertThat(FieldDefinition.messageKey("interaction.summary")).isEqualTo("interaction.field.summary");
        assertThat(FieldDefinition.messageKey("nodot")).isNull();
    }
}
