package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.datamap.LegalBasis;
import io.custodia.datamap.LocalizedText;
import io.custodia.datamap.Purpose;
import io.custodia.datamap.RetentionEvent;
import io.custodia.datamap.RetentionRule;
import io.custodia.identity.Role;
import io.custodia.people.PersonField;
import io.custodia.people.PersonInput;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PersonFormsTest {

    static final Purpose MARKETING = new Purpose("email-marketing", new LocalizedText("Email marketing", "Marketing"),
            new LocalizedText("Newsletters", "Lettres"), "dpv:DirectMarketing", LegalBasis.CONSENT, false, List.of("prospects"),
            Set.of("person.first_name", "person.emails"), new RetentionRule(Period.ofYears(3), RetentionEvent.COLLECTION),
            List.of(), Set.of(Role.MARKETING));

    @Test
    void sendsOnlyTheFieldsThePurposeCoversSoTheOthersAreKept() {
        // A form always yields every field, blank when it was not shown; blank would clear it.
        PersonInput input = PersonInput.fromForm(Map.of("firstName", "Léa", "emails", "lea@example.com", "_csrf", "token"));

        PersonInput covered = PersonForms.covered(input, MARKETING);

        assertThat(input.values()).containsKey(PersonField.NOTES);
        assertThat(covered.values()).containsOnlyKeys(PersonField.FIRST_NAME, PersonField.EMAILS);
        assertThat(covered.fieldValues()).containsEntry("person.first_name", "Léa").containsEntry("person.emails", "lea@example.com");
    }

    @Test
    void theFormShowsTheCoveredFieldsInFormOrder() {
        assertThat(PersonViews.editable(MARKETING)).containsExactly("firstName", "emails");
        assertThat(PersonViews.editable(null)).isEmpty();
    }
}
