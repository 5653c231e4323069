package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.support.Messages;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The ledger's details said for people, in English and French; what Custodia does not write stays as stored (null). */
class AuditDetailsTest {

    private final AuditDetails details = new AuditDetails(Messages.bundle(), new FieldLabels(Messages.bundle()));

    @Test
    void readsAndWritesNameTheRecordAndTheFieldsByTheirLabels() {
        assertThat(details.say("READ", "record=person; fields=city,emails; withheld=notes", Locale.ENGLISH))
                .isEqualTo("Person record · fields: City, Emails · withheld: Notes");
        assertThat(details.say("READ", "account=01a22b03-5ea3-76d0-aa27-778091b683e5; record=person; fields=city", Locale.FRENCH))
                .isEqualTo("Fiche de la personne · champs\u00a0: Ville");
        assertThat(details.say("UPDATE", "record=deal 01a22b03-5ef0-72c8-a3c9-98f4e179053e; fields=contact; linked", Locale.ENGLISH))
                .isEqualTo("Deal · made the deal’s contact");
        assertThat(details.say("UPDATE", "record=interaction 01a22b03-5ef0-72c8-a3c9-98f4e179053e; changed=kind; fields=", Locale.ENGLISH))
                .isEqualTo("Interaction · changed: Kind");
        assertThat(details.say("READ", "record=consents", Locale.FRENCH)).isEqualTo("Choix de confidentialité");
    }

    @Test
    void searchesRefusalsChoicesAndRequestsAreSaidTooAndAnythingElseIsLeftAsStored() {
        assertThat(details.say("SEARCH", "kind=email; results=1", Locale.ENGLISH)).isEqualTo("Search by email address: 1 person found");
        assertThat(details.say("SEARCH", "kind=name; results=0", Locale.FRENCH)).isEqualTo("Recherche par nom\u00a0: personne trouvée");
        assertThat(details.say("DENIED", "attempted=READ; reason=BASIS_CONSENT_WITHDRAWN; since=2026-03-02", Locale.ENGLISH))
                .isEqualTo("Refused (Read): consent withdrawn · since 2026-03-02");
        assertThat(details.say("DENIED", "attempted=GET /audit; reason=ROLE", Locale.ENGLISH))
                .isEqualTo("Refused (GET /audit): the roles do not allow it");
        assertThat(details.say("CONSENT", "kind=GIVEN;source=WEB_FORM;channel=EMAIL;notice=3/en", Locale.ENGLISH)).isEqualTo("given · Email");
        assertThat(details.say("RIGHTS_REQUEST", "request=01a2; type=ACCESS; step=received; channel=PRIVACY_CENTRE", Locale.ENGLISH))
                .isEqualTo("Request (Access my data): received");
        assertThat(details.say("READ", "kind=blind-index-build; indexes=v:tags; persons=3", Locale.ENGLISH)).isNull();
        assertThat(details.say("LOGIN_FAILED", "reason=bad-password", Locale.ENGLISH)).isNull();
        assertThat(details.say("READ", "record=something-new", Locale.ENGLISH)).isNull();
    }
}
