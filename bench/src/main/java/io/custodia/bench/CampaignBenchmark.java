package io.custodia.bench;

import io.custodia.access.AccessRequest;
import io.custodia.identity.Actor;
import io.custodia.identity.Role;
import io.custodia.outreach.AudienceFilter;
import io.custodia.outreach.Campaigns;
import io.custodia.people.OrganisationService;
import io.custodia.people.PersonInput;
import io.custodia.people.PersonService;
import io.custodia.shared.SubjectId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * Issue 4, (g): sending an email campaign to a local SMTP server ({@link SmtpSink} in this JVM), consent checked
 * again for each message ({@link Campaigns#deliver}: the person read through the gateway under the
 * campaign's purpose with its audit entry, the suppression list, the message built with its unsubscribe
 * headers, its outbox row updated), against sending the same number of plain messages to the same
 * addresses with the same mail sender. One thread on each side. Medians of rounds after a warm-up round.
 */
final class CampaignBenchmark {

    static final int SMTP_PORT = 3925;
    private static final int PERSONS = 2_000;
    private static final int ROUNDS = 3;

    private final Campaigns campaigns;
    private final PersonService persons;
    private final OrganisationService organisations;
    private final JavaMailSender mail;
    private final JdbcTemplate jdbc;
    private final Report report;
    private final SmtpSink smtp;
    private final Actor marketer = Actor.staff(UUID.randomUUID().toString(), Set.of(Role.MARKETING));

    CampaignBenchmark(ApplicationContext context, Report report, SmtpSink smtp) {
        this.campaigns = context.getBean(Campaigns.class);
        this.persons = context.getBean(PersonService.class);
        this.organisations = context.getBean(OrganisationService.class);
        this.mail = context.getBean(JavaMailSender.class);
        this.jdbc = context.getBean(JdbcTemplate.class);
        this.report = report;
        this.smtp = smtp;
    }

    void run() throws Exception {
        UUID organisation = organisations.create(Map.of("name", "Campaign bench " + UUID.randomUUID().toString().substring(0, 8))).id();
        List<PersonInput> inputs = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < PERSONS; i++) {
            String email = "reader" + i + "." + organisation.toString().substring(0, 8) + "@bench.example";
            addresses.add(email);
            inputs.add(PersonInput.fromJson(Map.of("firstName", "Reader", "lastName", "N" + i, "emails", List.of(email), "language", i % 2 == 0 ? "fr" : "en",
                    "organisationId", organisation.toString()), i + 1));
        }
        List<SubjectId> ids = persons.createAll(new AccessRequest(Actor.system(Set.of(Role.SALES)), "crm"), inputs);
        Timestamp now = Timestamp.from(Instant.now());
        // the campaign writes to these persons only: email marketing may not select by organisation (its register does not
        // cover it), so the consents the audience section (f) seeded for the other persons are taken back first
        jdbc.update("DELETE FROM basis_state WHERE purpose = 'email-marketing'");
        jdbc.batchUpdate("INSERT INTO basis_state (subject_id, purpose, status, since) VALUES (?, 'email-marketing', 'CONSENT_GIVEN', ?)",
                ids.stream().map(id -> new Object[] {id.value(), now}).toList());

        List<Double> custodia = new ArrayList<>();
        List<Double> base = new ArrayList<>();
        System.out.printf("%ng. Campaign sending to a local SMTP server: %d rounds of %,d messages per side (round 0 is warm-up)%n", ROUNDS + 1, PERSONS);
        for (int round = 0; round <= ROUNDS; round++) {
            UUID campaign = campaigns.create(marketer, new AudienceFilter("email-marketing", Set.of(), null, null, null),
                    new Campaigns.Content("Bench " + round, "News for {firstName}", "Nouvelles pour {firstName}",
                            "Hello {firstName}, here is our news.", "Bonjour {firstName}, voici nos nouvelles."));
            long queued = campaigns.send(marketer, campaign);
            long before = smtp.messages();
            long start = System.nanoTime();
            int sent = campaigns.deliver(campaign, Integer.MAX_VALUE);
            double c = sent / ((System.nanoTime() - start) / 1e9);
            if (sent != PERSONS || queued != PERSONS || smtp.messages() - before != PERSONS) {
                throw new IllegalStateException("campaign round " + round + ": queued " + queued + ", sent " + sent + ", received "
                        + (smtp.messages() - before) + " of " + PERSONS);
            }
            start = System.nanoTime();
            // the baseline sends in batches of the same size as Custodia's, one SMTP connection per batch
            for (int from = 0; from < addresses.size(); from += Campaigns.BATCH) {
                List<SimpleMailMessage> batch = new ArrayList<>();
                for (String address : addresses.subList(from, Math.min(addresses.size(), from + Campaigns.BATCH))) {
                    SimpleMailMessage message = new SimpleMailMessage();
                    message.setFrom("privacy@example.com");
                    message.setTo(address);
                    message.setSubject("News for Reader");
                    message.setText("Hello Reader, here is our news.");
                    batch.add(message);
                }
                mail.send(batch.toArray(SimpleMailMessage[]::new));
            }
            double b = PERSONS / ((System.nanoTime() - start) / 1e9);
            System.out.printf("  round %d: Custodia %,.0f messages/s, baseline %,.0f messages/s%n", round, c, b);
            if (round > 0) {
                custodia.add(c);
                base.add(b);
            }
        }
        double cm = Stats.median(custodia), bm = Stats.median(base);
        report.row(new Report.Row("g. Campaign sending to a local SMTP server, consent rechecked per message, 1 thread (messages/s)",
                String.format("%,.0f", cm), String.format("%,.0f", bm), String.format("%.2f", cm / bm), "≥ 500/s", cm >= 500 ? "yes" : "no"));
        report.note("g. Custodia: Campaigns.deliver over a " + PERSONS + "-message outbox, batches of " + Campaigns.BATCH + " on one SMTP connection (each message: the person read through the gateway under"
                + " email-marketing, its READ entry made durable, the suppression list checked, a MIME message with List-Unsubscribe and"
                + " List-Unsubscribe-Post built and sent, its outbox row updated). Baseline: the same number of plain messages sent with the same"
                + " JavaMailSender in the same batches, no read. SMTP: a sink in the benchmark's JVM (SmtpSink: answers and counts, stores nothing) on port "
                + SMTP_PORT + ".");
    }
}
