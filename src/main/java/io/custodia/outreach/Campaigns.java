package io.custodia.outreach;

import io.custodia.access.AccessRequest;
import io.custodia.access.PersonalDataGateway;
import io.custodia.access.PersonalView;
import io.custodia.access.SqlFragment;
import io.custodia.audit.AuditAction;
import io.custodia.audit.AuditEvent;
import io.custodia.audit.AuditLedger;
import io.custodia.audit.AuditOutcome;
import io.custodia.consent.PrivacyLinks;
import io.custodia.consent.PrivacyProperties;
import io.custodia.datamap.DataMap;
import io.custodia.datamap.Purpose;
import io.custodia.identity.Actor;
import io.custodia.people.InvalidInputException;
import io.custodia.people.NotFoundException;
import io.custodia.policy.BasisRefusedException;
import io.custodia.shared.Ids;
import io.custodia.shared.SubjectErased;
import io.custodia.shared.SubjectId;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Email campaigns to an audience. Sending a campaign first writes its outbox: one row per person the law
 * leaves at that moment. Then each message is sent on its own:
 * <ul>
 * <li>the person is read again through the gateway under the campaign's purpose, so consent, objection,
 * restriction and opt-out are checked <em>at send time</em> (a withdrawal after the build skips them);</li>
 * <li>an address put on the suppression list meanwhile is skipped too;</li>
 * <li>each message names the sender and carries a one-click unsubscribe (RFC 8058 {@code List-Unsubscribe}
 * and {@code List-Unsubscribe-Post}) that withdraws the consent, or objects, at once.</li>
 * </ul>
 * Exactly-once as far as SMTP allows: a row is marked {@code SENDING} and committed before its message
 * leaves, and only {@code PENDING} rows are ever sent. After a crash, rows left in {@code SENDING} may or may
 * not have gone out: they are marked {@code UNCERTAIN} and never resent. The {@code Message-ID} is derived
 * from the campaign and the person, so a receiving server can drop a duplicate.
 */
@Service
public class Campaigns {

    /** A campaign's life: written, being sent, all sent. */
    public enum Status { DRAFT, SENDING, SENT }

    static final int MAX_NAME = 200;
    static final int MAX_SUBJECT = 200;
    static final int MAX_BODY = 20_000;
    /** Messages claimed and handed to the SMTP server together, on one connection. */
    public static final int BATCH = 50;

    /** The text of a campaign, per language; {@code {firstName}} is replaced at send time. */
    public record Content(@Nullable String name, @Nullable String subjectEn, @Nullable String subjectFr, @Nullable String bodyEn,
            @Nullable String bodyFr) {
    }

    private final Audiences audiences;
    private final PersonalDataGateway gateway;
    private final JdbcClient jdbc;
    private final AuditLedger audit;
    private final DataMap dataMap;
    private final PrivacyLinks links;
    private final PrivacyProperties privacy;
    private final ObjectProvider<JavaMailSender> mail;
    private final Clock clock;
    private final TransactionTemplate transaction;

    Campaigns(Audiences audiences, PersonalDataGateway gateway, JdbcClient jdbc, AuditLedger audit, DataMap dataMap, PrivacyLinks links,
            PrivacyProperties privacy, ObjectProvider<JavaMailSender> mail, Clock clock, PlatformTransactionManager transactions) {
        this.audiences = audiences;
        this.gateway = gateway;
        this.jdbc = jdbc;
        this.audit = audit;
        this.dataMap = dataMap;
        this.links = links;
        this.privacy = privacy;
        this.mail = mail;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * A campaign is direct marketing: many people written to at once, each message with a one-click way out (RFC 8058),
     * which withdraws their consent or records their objection for the purpose (GDPR Art. 7(3), 21(2)-(3); CPCE
     * art. L34-5). Under a purpose of another kind (a contract's: customer relationship, support) that way out could
     * not work, and the purpose does not cover marketing: those write to one person at a time, from their page.
     */
    static void requireMarketing(Purpose purpose) {
        if (!purpose.directMarketing()) {
            throw InvalidInputException.of("purpose", "not-marketing", "a campaign is direct marketing: the purpose '" + purpose.id()
                    + "' is not (write it under a direct-marketing purpose, such as email marketing or prospecting)");
        }
    }

    /**
     * Writes a campaign for an audience. The purpose must be one the actor's roles grant, a direct-marketing purpose
     * ({@link Purpose#directMarketing()}), and must cover the email addresses it writes to.
     *
     * @throws InvalidInputException naming each bad field
     */
    @Transactional
    public UUID create(Actor actor, AudienceFilter filter, Content content) {
        Purpose purpose = audiences.contactPurpose(actor, filter.purpose());
        requireMarketing(purpose);
        audiences.requireCovered(actor, purpose, filter);
        if (!purpose.covers("person.emails")) {
            throw InvalidInputException.of("purpose", "no-email", "the purpose '" + purpose.id() + "' does not cover email addresses: it cannot send email");
        }
        List<InvalidInputException.FieldError> errors = new java.util.ArrayList<>();
        check(errors, "name", content.name(), MAX_NAME);
        check(errors, "subject.en", content.subjectEn(), MAX_SUBJECT);
        check(errors, "subject.fr", content.subjectFr(), MAX_SUBJECT);
        check(errors, "body.en", content.bodyEn(), MAX_BODY);
        check(errors, "body.fr", content.bodyFr(), MAX_BODY);
        // the text is business content, shown to everyone: it must not carry anyone's personal data
        Map<String, @Nullable String> texts = new LinkedHashMap<>();
        texts.put("name", content.name());
        texts.put("subject.en", content.subjectEn());
        texts.put("subject.fr", content.subjectFr());
        texts.put("body.en", content.bodyEn());
        texts.put("body.fr", content.bodyFr());
        for (var field : texts.entrySet()) {
            // a text already refused (too long) is not scanned: its refusal names the field and the limit
            if (errors.stream().anyMatch(e -> e.field().equals(field.getKey()))) continue;
            if (field.getValue() != null && !gateway.personalDataIn(field.getValue()).isEmpty()) {
                errors.add(new InvalidInputException.FieldError(field.getKey(), "personal-data",
                        "contains personal data " + gateway.personalDataIn(field.getValue()) + "; use {firstName} for the person's name", 0));
            }
        }
        if (!errors.isEmpty()) throw new InvalidInputException(errors);
        UUID id = Ids.next();
        jdbc.sql("INSERT INTO campaign (id, name, purpose, filter_json, subject_en, subject_fr, body_en, body_fr, status, created_by, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, content.name().strip(), purpose.id(), filter.encode(), content.subjectEn(), content.subjectFr(), content.bodyEn(),
                        content.bodyFr(), Status.DRAFT.name(), actor.id(), OffsetDateTime.now(clock)).update();
        return id;
    }

    /** Something written as a placeholder: a brace, a name, and its closing brace if any. */
    private static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("\\{\\s*[A-Za-z_]+\\s*}?");

    private static void check(List<InvalidInputException.FieldError> errors, String field, @Nullable String value, int max) {
        if (value == null || value.isBlank()) {
            errors.add(new InvalidInputException.FieldError(field, "required", "required", 0));
        } else if (value.length() > max) {
            errors.add(new InvalidInputException.FieldError(field, "length", "at most " + max + " characters", 0));
        } else if (!field.startsWith("body") && io.custodia.shared.Texts.hasControl(value, false)) {
            // a subject is a mail header: a line break in it would start another header
            errors.add(new InvalidInputException.FieldError(field, "line-break", "must fit on one line, without control characters", 0));
        } else if (io.custodia.shared.Texts.unsafe(value) instanceof io.custodia.shared.Texts.Unsafe unsafe) {
            // a body may hold line breaks; no text holds other control characters or turns the direction of what follows
            errors.add(new InvalidInputException.FieldError(field, unsafe.code(), unsafe.message(), 0));
        } else if (!field.equals("name") && PLACEHOLDER.matcher(value).results().anyMatch(m -> !m.group().equals("{firstName}"))) {
            // {lastName} or an unclosed {firstName would reach every person as written
            errors.add(new InvalidInputException.FieldError(field, "placeholder", "only {firstName} is filled in for each person; another"
                    + " placeholder, or one left unclosed, would be sent as written", 0));
        }
    }

    /**
     * Starts sending: writes the outbox (every person the law leaves now), once. Sending again does
     * nothing more. Returns how many messages were queued.
     */
    @Transactional
    public long send(Actor actor, UUID campaign) {
        Map<String, Object> row = jdbc.sql("SELECT purpose, filter_json, status FROM campaign WHERE id = ? FOR UPDATE").param(campaign)
                .query((rs, n) -> Map.<String, Object>of("purpose", rs.getString(1), "filter", rs.getString(2), "status", rs.getString(3)))
                .optional().orElseThrow(() -> new NotFoundException("campaign", campaign));
        Purpose purpose = audiences.contactPurpose(actor, (String) row.get("purpose"));
        // a draft written before campaigns were kept to direct marketing is not sent either
        if (Status.DRAFT.name().equals(row.get("status"))) requireMarketing(purpose);
        if (!Status.DRAFT.name().equals(row.get("status"))) {
            return jdbc.sql("SELECT COUNT(*) FROM campaign_message WHERE campaign_id = ?").param(campaign).query(Long.class).single();
        }
        SqlFragment audience = audiences.audience(purpose, AudienceFilter.decode(purpose.id(), (String) row.get("filter")));
        Map<String, Object> params = new LinkedHashMap<>(audience.params());
        params.put("campaign", campaign);
        params.put("now", OffsetDateTime.now(clock));
        long queued = jdbc.sql("INSERT INTO campaign_message (campaign_id, subject_id, status, updated_at) SELECT :campaign, a.subject_id,"
                + " 'PENDING', :now FROM (" + audience.sql() + ") a WHERE a.reason = 'ELIGIBLE'").params(params).update();
        jdbc.sql("UPDATE campaign SET status = ? WHERE id = ?").params(Status.SENDING.name(), campaign).update();
        audit.record(new AuditEvent(actor.kind().name(), actor.id(), AuditAction.SEARCH, purpose.id(), null, AuditOutcome.ALLOWED,
                "kind=campaign; campaign=" + campaign + "; queued=" + queued, null));
        return queued;
    }

    /**
     * Deletes a campaign that was never sent. One that was sent is kept: its messages say who was written to, who was
     * left out and why (GDPR Art. 5(2)); they leave with each person's erasure.
     *
     * @throws NotFoundException when there is no such campaign, or it is under a purpose the actor's roles do not grant
     * @throws ConflictException when the campaign was sent
     */
    @Transactional
    public void deleteDraft(Actor actor, UUID campaign) {
        String status = jdbc.sql("SELECT purpose, status FROM campaign WHERE id = ? FOR UPDATE").param(campaign)
                .query((rs, n) -> audiences.contactPurposes(actor).contains(rs.getString(1)) ? rs.getString(2) : null).optional()
                .orElseThrow(() -> new NotFoundException("campaign", campaign));
        if (!Status.DRAFT.name().equals(status)) {
            throw new io.custodia.people.ConflictException("status", "sent", "this campaign was sent: it is kept as the record of who was"
                    + " written to and why; only a draft can be deleted");
        }
        jdbc.sql("DELETE FROM campaign WHERE id = ?").param(campaign).update();
    }

    /**
     * A campaign as staff see it: what it says, to whom, and what became of its messages.
     *
     * @param messages counts per message status, and per skip reason ({@code SKIPPED:OBJECTED}, …)
     */
    public record Summary(UUID id, String name, String purpose, Status status, String createdBy, OffsetDateTime createdAt,
            AudienceFilter filter, Content content, Map<String, Long> messages) {

        /** How many messages are in this status (whatever the reason). */
        public long count(String status) {
            return messages.entrySet().stream().filter(e -> e.getKey().equals(status) || e.getKey().startsWith(status + ":"))
                    .mapToLong(Map.Entry::getValue).sum();
        }

        /** All the messages of the outbox. */
        public long total() {
            return messages.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static final String SUMMARY_COLUMNS = "id, name, purpose, status, created_by, created_at, filter_json, subject_en, subject_fr,"
            + " body_en, body_fr";

    /** The campaigns under the purposes this actor's roles grant, newest first (at most {@code limit}). */
    @Transactional(readOnly = true)
    public List<Summary> list(Actor actor, int limit) {
        List<String> purposes = audiences.contactPurposes(actor);
        if (purposes.isEmpty()) return List.of();
        List<Summary> found = jdbc.sql("SELECT " + SUMMARY_COLUMNS + " FROM campaign WHERE purpose IN (:purposes) ORDER BY created_at DESC, id"
                + " LIMIT " + Math.max(1, Math.min(limit, 500))).param("purposes", purposes).query((rs, n) -> summary(rs, Map.of())).list();
        if (found.isEmpty()) return found;
        Map<UUID, Map<String, Long>> counts = new java.util.HashMap<>();
        jdbc.sql("SELECT campaign_id, status, reason, COUNT(*) FROM campaign_message WHERE campaign_id IN (:ids) GROUP BY campaign_id, status, reason")
                .param("ids", found.stream().map(Summary::id).toList()).query(rs -> {
                    counts.computeIfAbsent(rs.getObject(1, UUID.class), k -> new java.util.TreeMap<>())
                            .put(rs.getString(2) + (rs.getString(3) == null ? "" : ":" + rs.getString(3)), rs.getLong(4));
                });
        return found.stream().map(c -> new Summary(c.id(), c.name(), c.purpose(), c.status(), c.createdBy(), c.createdAt(), c.filter(),
                c.content(), counts.getOrDefault(c.id(), Map.of()))).toList();
    }

    /**
     * One campaign, with what became of its messages.
     *
     * @throws NotFoundException when there is no such campaign, or it is under a purpose the actor's roles do not grant
     */
    @Transactional(readOnly = true)
    public Summary get(Actor actor, UUID campaign) {
        Summary found = jdbc.sql("SELECT " + SUMMARY_COLUMNS + " FROM campaign WHERE id = ?").param(campaign)
                .query((rs, n) -> summary(rs, Map.of())).optional()
                .filter(c -> audiences.contactPurposes(actor).contains(c.purpose()))
                .orElseThrow(() -> new NotFoundException("campaign", campaign));
        Map<String, Long> counts = new java.util.TreeMap<>();
        jdbc.sql("SELECT status, reason, COUNT(*) FROM campaign_message WHERE campaign_id = ? GROUP BY status, reason").param(campaign)
                .query(rs -> {
                    counts.put(rs.getString(1) + (rs.getString(2) == null ? "" : ":" + rs.getString(2)), rs.getLong(3));
                });
        return new Summary(found.id(), found.name(), found.purpose(), found.status(), found.createdBy(), found.createdAt(), found.filter(),
                found.content(), counts);
    }

    private static Summary summary(java.sql.ResultSet rs, Map<String, Long> messages) throws java.sql.SQLException {
        String purpose = rs.getString(3);
        return new Summary(rs.getObject(1, UUID.class), rs.getString(2), purpose, Status.valueOf(rs.getString(4)), rs.getString(5),
                rs.getObject(6, OffsetDateTime.class), AudienceFilter.decode(purpose, rs.getString(7)),
                new Content(rs.getString(2), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11)), messages);
    }

    /**
     * What became of a campaign's messages: counts per status and skip reason.
     *
     * @throws NotFoundException when there is no such campaign, or it is under a purpose the actor's roles do not grant
     */
    public Map<String, Object> progress(Actor actor, UUID campaign) {
        Summary found = get(actor, campaign);
        return Map.of("id", campaign.toString(), "status", found.status().name(), "messages", found.messages());
    }

    /** Sends what is waiting, for every campaign being sent; a background task, every few seconds. */
    @Scheduled(fixedDelayString = "${custodia.outreach.delivery-interval:PT2S}", initialDelayString = "${custodia.outreach.delivery-interval:PT2S}")
    public void deliverWaiting() {
        if (mail.getIfAvailable() == null) return;
        for (UUID campaign : jdbc.sql("SELECT id FROM campaign WHERE status = ?").param(Status.SENDING.name()).query(UUID.class).list()) {
            try {
                deliver(campaign, Integer.MAX_VALUE);
            } catch (MailException e) {
                // the SMTP server is away: the rows stay PENDING and the next run tries again
                return;
            }
        }
    }

    /**
     * Sends up to {@code max} waiting messages of a campaign, a batch at a time. Returns how many were sent.
     *
     * @throws MailException when the SMTP server fails: that message is marked FAILED, the others stay PENDING
     */
    public int deliver(UUID campaign, int max) {
        Campaign c = load(campaign);
        int sent = 0;
        while (sent < max) {
            List<UUID> claimed = claim(campaign, Math.min(BATCH, max - sent));
            if (claimed.isEmpty()) {
                transaction.executeWithoutResult(s -> jdbc.sql("UPDATE campaign SET status = ? WHERE id = ? AND status = ? AND NOT EXISTS"
                        + " (SELECT 1 FROM campaign_message WHERE campaign_id = ? AND status IN ('PENDING', 'SENDING'))")
                        .params(Status.SENT.name(), campaign, Status.SENDING.name(), campaign).update());
                break;
            }
            sent += deliverBatch(c, claimed);
        }
        return sent;
    }

    /**
     * Marks up to {@code n} PENDING rows SENDING and commits: from then on they are never sent by anyone else.
     * Each row is taken with a conditional update, so two senders never take the same one.
     */
    private List<UUID> claim(UUID campaign, int n) {
        return transaction.execute(s -> {
            List<UUID> candidates = jdbc.sql("SELECT subject_id FROM campaign_message WHERE campaign_id = ? AND status = 'PENDING'"
                    + " ORDER BY subject_id LIMIT " + n).param(campaign).query(UUID.class).list();
            List<UUID> claimed = new java.util.ArrayList<>();
            OffsetDateTime now = OffsetDateTime.now(clock);
            for (UUID subject : candidates) {
                if (jdbc.sql("UPDATE campaign_message SET status = 'SENDING', updated_at = ? WHERE campaign_id = ? AND subject_id = ?"
                        + " AND status = 'PENDING'").params(now, campaign, subject).update() == 1) {
                    claimed.add(subject);
                }
            }
            return claimed;
        });
    }

    /**
     * Prepares each claimed message (the law checked again now, skips recorded with their reason) and hands
     * the rest to the SMTP server on one connection. Returns how many were sent.
     */
    private int deliverBatch(Campaign c, List<UUID> claimed) {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) throw new org.springframework.mail.MailSendException("no SMTP server is configured: set spring.mail.host");
        Map<SubjectId, String> outcomes = new LinkedHashMap<>();
        Map<MimeMessage, SubjectId> ready = prepare(c, claimed.stream().map(SubjectId::new).toList(), sender, outcomes);
        int sent = 0;
        try {
            if (!ready.isEmpty()) sender.send(ready.keySet().toArray(MimeMessage[]::new));
            for (SubjectId subject : ready.values()) outcomes.put(subject, "SENT");
            sent = ready.size();
        } catch (org.springframework.mail.MailSendException e) {
            Map<Object, Exception> failed = e.getFailedMessages();
            for (var entry : ready.entrySet()) {
                boolean lost = failed.isEmpty() || failed.containsKey(entry.getKey());
                outcomes.put(entry.getValue(), lost ? "FAILED:SMTP" : "SENT");
                if (!lost) sent++;
            }
            finishAll(c.id(), outcomes);
            if (failed.isEmpty() || failed.size() == ready.size()) throw e;
            return sent;
        } catch (MailException e) {
            // the server refused the connection or the login: none of these went; the skips are kept all the same
            for (SubjectId subject : ready.values()) outcomes.put(subject, "FAILED:SMTP");
            finishAll(c.id(), outcomes);
            throw e;
        }
        finishAll(c.id(), outcomes);
        return sent;
    }

    /**
     * The messages of a batch, each person read again through the gateway under the campaign's purpose now,
     * in one read (one audit commit for the batch): the law is checked for each of them at this moment. Those
     * it leaves out, erased, without an address or suppressed get their outcome ({@code SKIPPED:<reason>}) in
     * {@code outcomes}.
     */
    private Map<MimeMessage, SubjectId> prepare(Campaign c, List<SubjectId> subjects, JavaMailSender sender, Map<SubjectId, String> outcomes) {
        Actor reader = Actor.system(dataMap.purpose(c.purpose()).orElseThrow().roles());
        AccessRequest request = new AccessRequest(reader, c.purpose());
        Map<SubjectId, PersonalView> read = gateway.readPersons(request, subjects);
        Map<SubjectId, String> addresses = new LinkedHashMap<>();
        for (SubjectId subject : subjects) {
            PersonalView person = read.get(subject);
            if (person == null) {
                // left out of the batch's read: ask again alone, for the reason (refused now, or erased)
                try {
                    if (gateway.readPerson(request, subject).isEmpty()) outcomes.put(subject, "SKIPPED:ERASED");
                    else outcomes.put(subject, "SKIPPED:UNKNOWN");
                } catch (BasisRefusedException refused) {
                    outcomes.put(subject, "SKIPPED:" + refused.refusal().reason());
                }
                continue;
            }
            String emails = person.get("person.emails");
            if (emails == null || emails.isBlank()) {
                outcomes.put(subject, "SKIPPED:NO_EMAIL");
                continue;
            }
            addresses.put(subject, emails.split("\n")[0]);
        }
        Map<String, SubjectId> byDigest = new LinkedHashMap<>();
        addresses.forEach((subject, address) -> gateway.emailDigest(address).ifPresent(d -> byDigest.put(d, subject)));
        if (!byDigest.isEmpty()) {
            jdbc.sql("SELECT email_digest FROM suppression WHERE email_digest IN (:digests)").param("digests", List.copyOf(byDigest.keySet()))
                    .query(String.class).list().forEach(d -> {
                        SubjectId suppressed = byDigest.get(d);
                        addresses.remove(suppressed);
                        outcomes.put(suppressed, "SKIPPED:SUPPRESSED");
                    });
        }
        Map<MimeMessage, SubjectId> ready = new LinkedHashMap<>();
        addresses.forEach((subject, address) -> {
            PersonalView person = read.get(subject);
            boolean french = "fr".equals(person.get("person.language"));
            String first = Optional.ofNullable(person.get("person.first_name")).orElse("");
            String unsubscribe = privacy.link("/privacy/unsubscribe", links.unsubscribe(subject, c.purpose()), french ? "fr" : "en");
            try {
                ready.put(message(sender, c, address, french, first, unsubscribe, subject), subject);
            } catch (MessagingException e) {
                outcomes.put(subject, "FAILED:MESSAGE");
            }
        });
        return ready;
    }

    /** Records the outcome of every message of a batch, in one transaction. */
    private void finishAll(UUID campaign, Map<SubjectId, String> outcomes) {
        transaction.executeWithoutResult(s -> {
            OffsetDateTime now = OffsetDateTime.now(clock);
            outcomes.forEach((subject, outcome) -> {
                String[] parts = outcome.split(":", 2);
                jdbc.sql("UPDATE campaign_message SET status = ?, reason = ?, updated_at = ? WHERE campaign_id = ? AND subject_id = ?")
                        .params(parts[0], parts.length > 1 ? parts[1] : null, now, campaign, subject.value()).update();
            });
        });
    }

    private MimeMessage message(JavaMailSender sender, Campaign c, String to, boolean french, String firstName, String unsubscribe,
            SubjectId subject) throws MessagingException {
        var controller = dataMap.controller();
        MimeMessage message = sender.createMimeMessage();
        message.setFrom(privacy.mailFrom() != null ? privacy.mailFrom() : controller.name() + " <" + controller.contact() + ">");
        message.setRecipients(jakarta.mail.Message.RecipientType.TO, to);
        message.setSubject((french ? c.subjectFr() : c.subjectEn()).replace("{firstName}", firstName), StandardCharsets.UTF_8.name());
        String footer = french
                ? "\n\n-- \n" + controller.name() + ", " + controller.address() + ". Pour ne plus recevoir ces messages : " + unsubscribe
                : "\n\n-- \n" + controller.name() + ", " + controller.address() + ". To stop receiving these messages: " + unsubscribe;
        message.setText((french ? c.bodyFr() : c.bodyEn()).replace("{firstName}", firstName) + footer, StandardCharsets.UTF_8.name());
        // RFC 2369 and RFC 8058: one-click unsubscribe from the mail client
        message.setHeader("List-Unsubscribe", "<" + unsubscribe + ">");
        message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        message.saveChanges();
        message.setHeader("Message-ID", "<" + c.id() + "." + subject.value() + "@custodia>");
        return message;
    }

    /**
     * At start: rows a crash left in SENDING may or may not have gone out. They are marked UNCERTAIN, never
     * resent (a person is not written to twice), and counted apart in the campaign's progress.
     */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    @Transactional
    public int markUncertain() {
        return jdbc.sql("UPDATE campaign_message SET status = 'UNCERTAIN', reason = 'INTERRUPTED' WHERE status = 'SENDING'").update();
    }

    /** An erased person leaves no trace in outboxes either (invariant 6). */
    @EventListener
    void erased(SubjectErased event) {
        jdbc.sql("DELETE FROM campaign_message WHERE subject_id = ?").param(event.subject().value()).update();
    }

    private record Campaign(UUID id, String purpose, String subjectEn, String subjectFr, String bodyEn, String bodyFr) {
    }

    private Campaign load(UUID id) {
        return jdbc.sql("SELECT id, purpose, subject_en, subject_fr, body_en, body_fr FROM campaign WHERE id = ?").param(id)
                .query((rs, n) -> new Campaign(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6))).optional().orElseThrow(() -> new NotFoundException("campaign", id));
    }
}
