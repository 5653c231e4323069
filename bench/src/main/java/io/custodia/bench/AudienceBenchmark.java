package io.custodia.bench;

import io.custodia.identity.Actor;
import io.custodia.identity.Role;
import io.custodia.outreach.AudienceCounts;
import io.custodia.outreach.AudienceFilter;
import io.custodia.outreach.Audiences;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 4, (f): an email-marketing audience over every stored person, the law applied (consent,
 * objection, restriction, the suppression list), through {@link Audiences#preview}, against a plain SQL
 * count of the same rules over plaintext flag columns of the baseline table. Both sides get the same
 * states, drawn from the person's id: 20 % consent given, 5 % withdrawn, 3 % objected, 1 % restricted,
 * 1 % of the addresses suppressed, the rest never asked. Medians of rounds after a warm-up round.
 */
final class AudienceBenchmark {

    private static final int ROUNDS = 5;
    /** The person's bucket, 0-99, from their id: the same on both sides. */
    private static final String BUCKET = "(abs(hashtext(%s::text)) %% 100)";

    private final Audiences audiences;
    private final JdbcTemplate jdbc;
    private final Report report;
    private final Actor marketer = Actor.staff(UUID.randomUUID().toString(), Set.of(Role.MARKETING));

    AudienceBenchmark(ApplicationContext context, Report report) {
        this.audiences = context.getBean(Audiences.class);
        this.jdbc = context.getBean(JdbcTemplate.class);
        this.report = report;
    }

    /** Writes the states straight into the consent projection and the baseline's flags (a ledger replay of 300,000 choices would take the run's time). */
    void seed() {
        String bucket = String.format(BUCKET, "subject_id");
        jdbc.update("INSERT INTO basis_state (subject_id, purpose, status, since) SELECT subject_id, 'email-marketing', CASE WHEN " + bucket
                + " < 20 THEN 'CONSENT_GIVEN' WHEN " + bucket + " < 25 THEN 'CONSENT_WITHDRAWN' ELSE 'OBJECTED' END, now() FROM person WHERE "
                + bucket + " < 28");
        jdbc.update("INSERT INTO basis_state (subject_id, purpose, status, since) SELECT subject_id, '*', 'RESTRICTED', now() FROM person WHERE "
                + bucket + " = 28");
        jdbc.update("INSERT INTO suppression (email_digest, reason, added_at, added_by) SELECT DISTINCT digest, 'BOUNCE', now(), 'bench'"
                + " FROM blind_index WHERE kind = 'email' AND " + bucket + " IN (29, 5)");
        String idBucket = String.format(BUCKET, "id");
        jdbc.execute("ALTER TABLE baseline_person ADD COLUMN consent_status VARCHAR(24), ADD COLUMN restricted BOOLEAN NOT NULL DEFAULT FALSE,"
                + " ADD COLUMN suppressed BOOLEAN NOT NULL DEFAULT FALSE");
        jdbc.update("UPDATE baseline_person SET consent_status = CASE WHEN " + idBucket + " < 20 THEN 'CONSENT_GIVEN' WHEN " + idBucket
                + " < 25 THEN 'CONSENT_WITHDRAWN' WHEN " + idBucket + " < 28 THEN 'OBJECTED' END, restricted = (" + idBucket + " = 28),"
                + " suppressed = (" + idBucket + " IN (29, 5))");
        jdbc.execute("VACUUM ANALYZE basis_state");
        jdbc.execute("VACUUM ANALYZE suppression");
        jdbc.execute("VACUUM ANALYZE baseline_person");
    }

    void run() {
        List<Double> custodia = new ArrayList<>();
        List<Double> base = new ArrayList<>();
        AudienceCounts counts = null;
        Map<String, Long> plain = null;
        System.out.printf("%nf. Audience over every person (email-marketing, the law applied): %d rounds per side (round 0 is warm-up)%n", ROUNDS + 1);
        for (int round = 0; round <= ROUNDS; round++) {
            long start = System.nanoTime();
            counts = audiences.preview(marketer, new AudienceFilter("email-marketing", Set.of(), null, null, null));
            double c = (System.nanoTime() - start) / 1e6;
            start = System.nanoTime();
            plain = baselineCount();
            double b = (System.nanoTime() - start) / 1e6;
            System.out.printf("  round %d: Custodia %,.0f ms, baseline %,.0f ms%n", round, c, b);
            if (round > 0) {
                custodia.add(c);
                base.add(b);
            }
        }
        double cm = Stats.median(custodia), bm = Stats.median(base);
        boolean met = cm < 3_000 && cm <= 2 * bm;
        report.row(new Report.Row("f. Audience over all persons, email-marketing, consent/objection/restriction/suppression applied (median ms)",
                String.format("%,.0f ms", cm), String.format("%,.0f ms", bm), String.format("%.2f× the time", cm / bm),
                "< 3 s and ≤ 2× baseline", met ? "yes" : "no"));
        report.note("f. Custodia: Audiences.preview, one SQL statement (PostgreSQL): the persons with a state for the purpose, a restriction"
                + " or a suppressed address (the consent projection's rows full-joined on their key with the suppressed persons, each suppressed"
                + " digest looked up in the email blind index), counted by reason with the policy's rules as a CASE expression; everyone else"
                + " counted once from the person table, with the reason the rules give no state. Baseline: the same CASE over plaintext columns (consent_status, restricted, suppressed) of"
                + " baseline_person. Custodia found " + counts.matched() + " persons, " + counts.eligible() + " eligible, removed " + counts.removed()
                + "; baseline " + plain + ".");
    }

    private Map<String, Long> baselineCount() {
        Map<String, Long> byReason = new TreeMap<>();
        jdbc.query("SELECT CASE WHEN restricted THEN 'RESTRICTED' WHEN consent_status = 'OBJECTED' THEN 'OBJECTED' WHEN consent_status IS NULL"
                + " THEN 'CONSENT_MISSING' WHEN consent_status <> 'CONSENT_GIVEN' THEN consent_status WHEN suppressed THEN 'SUPPRESSED'"
                + " ELSE 'ELIGIBLE' END AS reason, COUNT(*) FROM baseline_person GROUP BY 1", rs -> {
                    byReason.put(rs.getString(1), rs.getLong(2));
                });
        return byReason;
    }
}
