package io.custodia.rights;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.access.AccessRequest;
import io.custodia.identity.Actor;
import io.custodia.identity.Role;
import io.custodia.people.PersonInput;
import io.custodia.people.PersonService;
import io.custodia.shared.SubjectId;
import io.custodia.support.OnH2;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Restore after backup (invariant 6): copy the database, erase a person, restore the copy — the person is
 * back, readable — replay the forget list: unreadable and gone. H2's SCRIPT and RUNSCRIPT are the backup and
 * the restore; a context of its own, since the restore replaces its whole database.
 */
@OnH2
@TestPropertySource(properties = "custodia.rights.forget-list-file=target/forget-list-restore-test.log")
class ForgetListH2IntegrationTests {

    @Autowired
    PersonService persons;
    @Autowired
    ForgetList forgetList;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    io.custodia.crypto.SubjectCrypto crypto;

    @Test
    void aPersonErasedAfterABackupIsErasedAgainWhenTheBackupIsRestored() throws Exception {
        AccessRequest crm = new AccessRequest(Actor.system(Set.of(Role.SALES)), "crm");
        AccessRequest rights = new AccessRequest(Actor.system(Set.of(Role.DPO)), RightsRequests.PURPOSE);
        String u = UUID.randomUUID().toString().substring(0, 8);
        SubjectId gone = persons.create(crm, PersonInput.fromJson(Map.of("firstName", "Oubli", "lastName", "Restauré" + u,
                "emails", List.of("oubli." + u + "@exemple.fr")), 0)).id();
        SubjectId kept = persons.create(crm, PersonInput.fromJson(Map.of("firstName", "Reste", "emails", List.of("reste." + u + "@exemple.fr")), 0)).id();

        Path backup = Files.createTempFile("custodia-backup", ".sql");
        jdbc.sql("SCRIPT TO '" + backup.toAbsolutePath() + "'").query().listOfRows();
        persons.delete(rights, gone);
        assertThat(forgetList.erased()).contains(gone).doesNotContain(kept);
        assertThat(persons.exists(gone)).isFalse();

        // the restore brings them back, key and all: readable again
        jdbc.sql("DROP ALL OBJECTS").update();
        jdbc.sql("RUNSCRIPT FROM '" + backup.toAbsolutePath() + "'").update();
        crypto.forgetCached(List.of(gone, kept));
        assertThat(persons.exists(gone)).isTrue();
        assertThat(persons.get(crm, gone).orElseThrow().displayName()).isEqualTo("Oubli Restauré" + u);

        assertThat(forgetList.replay()).isEqualTo(1);
        assertThat(persons.exists(gone)).isFalse();
        assertThat(crypto.hasKey(gone)).isFalse();
        assertThat(persons.get(crm, kept)).isPresent();
        // a second replay finds no one
        assertThat(forgetList.replay()).isZero();
        Files.deleteIfExists(backup);
    }

    @Autowired
    KeptErasures keptErasures;
    @Autowired
    io.custodia.retention.LegalHolds holds;
    @Autowired
    io.custodia.consent.ConsentLedger ledger;

    @Test
    void aPersonErasedExceptWhatAHoldKeepsIsCutDownAgainWhenTheBackupIsRestored() throws Exception {
        AccessRequest crm = new AccessRequest(Actor.system(Set.of(Role.SALES)), "crm");
        Actor dpo = Actor.system(Set.of(Role.DPO));
        String u = UUID.randomUUID().toString().substring(0, 8);
        SubjectId held = persons.create(crm, PersonInput.fromJson(Map.of("firstName", "Facture", "lastName", "Gardée" + u,
                "emails", List.of("facture." + u + "@exemple.fr"), "notes", "Secret " + u, "city", "Nantes"), 0)).id();
        var hold = holds.place(dpo, held, "accounting", "Invoices of 2026, Code de commerce art. L123-22", java.time.LocalDate.now().plusYears(5));

        Path backup = Files.createTempFile("custodia-backup", ".sql");
        jdbc.sql("SCRIPT TO '" + backup.toAbsolutePath() + "'").query().listOfRows();
        keptErasures.keepOnly(dpo, null, held, holds.keptFields(List.of(hold)), hold.until());
        assertThat(forgetList.entries().get(held).kept()).contains("person.last_name", "person.city").doesNotContain("person.notes");

        // the restore brings the whole record back, note and all, unrestricted
        jdbc.sql("DROP ALL OBJECTS").update();
        jdbc.sql("RUNSCRIPT FROM '" + backup.toAbsolutePath() + "'").update();
        crypto.forgetCached(List.of(held));
        assertThat(persons.get(crm, held).orElseThrow().value(io.custodia.people.PersonField.NOTES)).isEqualTo("Secret " + u);

        // the replay cuts it down to what the hold keeps again, restricted to the obligation
        assertThat(forgetList.replay()).isEqualTo(1);
        crypto.forgetCached(List.of(held));
        var kept = persons.get(new AccessRequest(dpo, "accounting"), held).orElseThrow();
        assertThat(kept.value(io.custodia.people.PersonField.LAST_NAME)).isEqualTo("Gardée" + u);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM person_data WHERE subject_id = ? AND notes IS NULL").param(held.value()).query(Long.class).single())
                .isEqualTo(1);
        assertThat(ledger.restrictedSince(held)).isNotNull();
        assertThat(keptErasures.of(held)).isPresent();
        // a second replay finds nothing more to cut
        assertThat(forgetList.replay()).isZero();
        Files.deleteIfExists(backup);
    }

    @Test
    void aHoldWhoseFieldsHoldNothingKeepsNothingAndALineThatCannotBeReplayedDoesNotStopTheOthers() throws Exception {
        AccessRequest crm = new AccessRequest(Actor.system(Set.of(Role.SALES)), "crm");
        Actor dpo = Actor.system(Set.of(Role.DPO));
        // nothing of what accounting keeps (names, emails, address) is on record: the erasure is total
        SubjectId phoneOnly = persons.create(crm, PersonInput.fromJson(Map.of("phones", List.of("+33 6 11 22 33 44"), "notes", "Rappeler"), 0)).id();
        var hold = holds.place(dpo, phoneOnly, "accounting", "Invoices of 2026", java.time.LocalDate.now().plusYears(1));
        assertThat(keptErasures.keepOnly(dpo, null, phoneOnly, holds.keptFields(List.of(hold)), hold.until())).isEmpty();
        assertThat(persons.exists(phoneOnly)).isFalse();
        assertThat(keptErasures.of(phoneOnly)).isEmpty();
        assertThat(forgetList.entries().get(phoneOnly).kept()).isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM legal_hold WHERE subject_id = ?").param(phoneOnly.value()).query(Long.class).single()).isZero();

        // a line naming a field the data map no longer declares is skipped with an error; the next line is replayed
        SubjectId unreadable = persons.create(crm, PersonInput.fromJson(Map.of("firstName", "Ligne", "lastName", "Illisible"), 0)).id();
        SubjectId listed = persons.create(crm, PersonInput.fromJson(Map.of("firstName", "Ligne", "lastName", "Lisible"), 0)).id();
        Files.writeString(forgetList.file(), "KEPT " + unreadable.value() + " person.shoe_size 2030-01-01 2026-01-01T00:00:00Z\n"
                + "ERASED " + listed.value() + " 2026-01-01T00:00:00Z\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(forgetList.replay()).isEqualTo(1);
        assertThat(persons.exists(listed)).isFalse();
        assertThat(persons.exists(unreadable)).isTrue();
    }

    @Test
    void anErasureThatRollsBackIsCancelledOnTheList() {
        AccessRequest crm = new AccessRequest(Actor.system(Set.of(Role.SALES)), "crm");
        SubjectId person = persons.create(crm, PersonInput.fromJson(Map.of("firstName", "Annulé"), 0)).id();
        var transactions = new org.springframework.transaction.support.TransactionTemplate(transactionManager);
        transactions.executeWithoutResult(status -> {
            persons.delete(new AccessRequest(Actor.system(Set.of(Role.DPO)), RightsRequests.PURPOSE), person);
            status.setRollbackOnly();
        });
        assertThat(persons.exists(person)).isTrue();
        assertThat(forgetList.erased()).doesNotContain(person);
    }

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactionManager;
}
