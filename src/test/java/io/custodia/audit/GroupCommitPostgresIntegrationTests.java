package io.custodia.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.support.OnPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Group commit on PostgreSQL: a batch that cannot be stored takes no other caller's entry with it and leaves
 * no hole, and the batches after it, whose expected head it never moved, are stored whole.
 */
@OnPostgres
class GroupCommitPostgresIntegrationTests extends LedgerFixture {

    /**
     * Sixteen callers record at once while a trigger refuses a few entries: exactly the callers whose batch held
     * one are refused, every other caller's entry is there once, and the chain is gapless and verifies. Fails
     * if a batch after a refused one is chained on its place (a hole or a broken link), or if the refusal
     * reaches callers of other batches.
     */
    @Test
    void aBatchThatCannotBeStoredRefusesItsOwnCallersOnly() throws Exception {
        jdbc.sql("CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF NEW.detail = 'poison' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$").update();
        jdbc.sql("CREATE TRIGGER refuse_poison BEFORE INSERT ON audit_entry FOR EACH ROW EXECUTE FUNCTION refuse_poison()").update();
        try {
            long oneStatementBefore = ledger.committer().counters()[2];
            int threads = 16, perThread = 80;
            Map<String, Boolean> stored = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> work = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    work.add(pool.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            String id = thread + "-" + i;
                            boolean poison = thread % 5 == 2 && i % 25 == 12;
                            AuditEvent event = read(thread).withCorrelationId(id).withDetail(poison ? "poison" : "fields=emails");
                            try {
                                ledger.record(event);
                                stored.put(id, true);
                            } catch (AuditUnavailableException refused) {
                                stored.put(id, false);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : work) f.get();
            } finally {
                pool.shutdownNow();
            }
            List<String> recorded = jdbc.sql("SELECT correlation_id FROM audit_entry").query(String.class).list();
            List<String> acknowledged = stored.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
            List<String> refused = stored.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
            assertThat(stored).hasSize(threads * perThread);
            assertThat(refused).as("every poisoned entry's caller is refused").contains("2-12", "2-37", "7-62", "12-12");
            assertThat(recorded).as("each acknowledged entry once, no refused one").doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(acknowledged);
            assertThat(refused.size()).as("only the refused batches' callers").isLessThan(threads * perThread / 4);
            long head = jdbc.sql("SELECT seq FROM audit_head WHERE id = 1").query(Long.class).single();
            assertThat(head).as("no hole: the head is the number of entries").isEqualTo(recorded.size());
            assertThat(verifier.verify()).isEqualTo(VerificationReport.ok(recorded.size()));
            assertThat(ledger.committer().counters()[2]).as("batches took the one-statement path").isGreaterThan(oneStatementBefore);
        } finally {
            jdbc.sql("DROP TRIGGER refuse_poison ON audit_entry").update();
            jdbc.sql("DROP FUNCTION refuse_poison()").update();
        }
    }
}
