package io.custodia.rights;

import io.custodia.audit.AuditQuery;
import io.custodia.datamap.DataMap;
import io.custodia.datamap.Purpose;
import io.custodia.datamap.Recipient;
import io.custodia.shared.Ids;
import io.custodia.shared.SubjectId;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * GDPR Art. 19: an erasure, rectification or restriction is passed on to every recipient the data map names
 * that received the person's data — the recipients of each purpose the audit ledger shows their data was
 * used for, processors and third parties (internal teams are the controller itself). Each notice is a row
 * of an outbox written in the act's transaction, then delivered as a webhook signed with the recipient's
 * secret (HMAC-SHA256 over the timestamp and the body), retried with back-off (30 s doubling, at most 6 h
 * apart) until a 2xx answer, for {@link #MAX_ATTEMPTS} attempts. A recipient with no webhook configured gets
 * a notice the DPO sends by hand and marks. The body names the act, the person's id and the request; no
 * personal value.
 */
@Service
public class RecipientNotices {

    static final int MAX_ATTEMPTS = 20;
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    static final Duration LONGEST_WAIT = Duration.ofHours(6);

    /** A notice as the DPO follows it. */
    public record Notice(UUID id, String recipient, String act, String status, int attempts, @Nullable Instant nextAttemptAt,
            @Nullable String lastError, @Nullable Instant deliveredAt) {
    }

    private final JdbcClient jdbc;
    private final DataMap dataMap;
    private final AuditQuery audit;
    private final RightsProperties properties;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RecipientNotices(JdbcClient jdbc, DataMap dataMap, AuditQuery audit, RightsProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.dataMap = dataMap;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    /** The recipients outside the controller that received this person's data, by id. */
    Set<String> recipientsOf(SubjectId subject) {
        Set<String> recipients = new TreeSet<>();
        for (String purposeId : audit.purposesUsedOn(subject.value())) {
            Purpose purpose = dataMap.purposes().get(purposeId);
            if (purpose == null) continue;
            for (String id : purpose.recipients()) {
                Recipient recipient = dataMap.recipients().get(id);
                if (recipient != null && !"internal".equals(recipient.kind())) recipients.add(id);
            }
        }
        return recipients;
    }

    /** Writes the notices of one act, in the act's transaction: call before the person's traces are deleted. */
    void enqueue(UUID request, SubjectId subject, String act, Set<String> recipients) {
        Instant now = clock.instant();
        for (String recipient : recipients) {
            boolean hook = properties.webhooks().containsKey(recipient);
            jdbc.sql("INSERT INTO recipient_notice (id, request_id, subject_id, recipient, act, status, attempts, next_attempt_at, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)")
                    .params(Ids.next(), request, subject.value(), recipient, act, hook ? "PENDING" : "MANUAL", hook ? utc(now) : null, utc(now))
                    .update();
        }
    }

    /** The notices of a request, in the order written. */
    @Transactional(readOnly = true)
    public List<Notice> of(UUID request) {
        return jdbc.sql("SELECT id, recipient, act, status, attempts, next_attempt_at, last_error, delivered_at FROM recipient_notice"
                + " WHERE request_id = ? ORDER BY created_at, recipient").param(request)
                .query((rs, n) -> new Notice(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        instant(rs.getObject(6, OffsetDateTime.class)), rs.getString(7), instant(rs.getObject(8, OffsetDateTime.class)))).list();
    }

    /** The DPO told a recipient without a webhook by hand. */
    @Transactional
    public void markSent(UUID request, UUID notice) {
        if (jdbc.sql("SELECT COUNT(*) FROM recipient_notice WHERE id = ? AND request_id = ?").params(notice, request).query(Long.class).single() == 0) {
            throw new io.custodia.people.NotFoundException("recipient notice", notice);
        }
        jdbc.sql("UPDATE recipient_notice SET status = 'DELIVERED', delivered_at = ? WHERE id = ? AND status = 'MANUAL'")
                .params(utc(clock.instant()), notice).update();
    }

    @Scheduled(fixedDelayString = "${custodia.rights.webhook-interval:PT10S}", initialDelayString = "${custodia.rights.webhook-interval:PT10S}")
    void deliverDue() {
        deliver(clock.instant());
    }

    /** Sends every notice due at {@code now}; returns how many were acknowledged. */
    public int deliver(Instant now) {
        List<Map<String, Object>> due = jdbc.sql("SELECT id, request_id, subject_id, recipient, act, attempts FROM recipient_notice"
                + " WHERE status = 'PENDING' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT 100").param(utc(now))
                .query((rs, n) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", rs.getObject(1, UUID.class));
                    row.put("request", rs.getObject(2, UUID.class));
                    row.put("subject", rs.getObject(3, UUID.class));
                    row.put("recipient", rs.getString(4));
                    row.put("act", rs.getString(5));
                    row.put("attempts", rs.getInt(6));
                    return row;
                }).list();
        int delivered = 0;
        for (Map<String, Object> row : due) {
            if (send(row, now)) delivered++;
        }
        return delivered;
    }

    private boolean send(Map<String, Object> row, Instant now) {
        UUID id = (UUID) row.get("id");
        RightsProperties.Webhook hook = properties.webhooks().get((String) row.get("recipient"));
        int attempts = (int) row.get("attempts") + 1;
        String error;
        if (hook == null) {
            error = "no webhook configured";
        } else {
            String body = "{\"event\":\"" + ((String) row.get("act")).toLowerCase(java.util.Locale.ROOT) + "\",\"person\":\"" + row.get("subject")
                    + "\",\"request\":\"" + row.get("request") + "\",\"notice\":\"" + id + "\",\"at\":\"" + now + "\"}";
            String timestamp = Long.toString(now.getEpochSecond());
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(hook.url()).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json").header("X-Custodia-Delivery", id.toString())
                        .header("X-Custodia-Timestamp", timestamp).header("X-Custodia-Signature", "sha256=" + sign(hook.secret(), timestamp + "." + body))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    jdbc.sql("UPDATE recipient_notice SET status = 'DELIVERED', attempts = ?, delivered_at = ?, last_error = NULL WHERE id = ?")
                            .params(attempts, utc(now), id).update();
                    return true;
                }
                error = "HTTP " + response.statusCode();
            } catch (java.io.IOException e) {
                error = "unreachable: " + e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        boolean giveUp = attempts >= MAX_ATTEMPTS;
        Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 20));
        if (wait.compareTo(LONGEST_WAIT) > 0) wait = LONGEST_WAIT;
        jdbc.sql("UPDATE recipient_notice SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?")
                .params(giveUp ? "FAILED" : "PENDING", attempts, giveUp ? null : utc(now.plus(wait)), error, id).update();
        return false;
    }

    /** HMAC-SHA256 of the text under the recipient's secret, as hex: what the recipient recomputes to trust the notice. */
    static String sign(String secret, String text) {
        return io.custodia.crypto.WebhookSignatures.hmacSha256Hex(secret, text);
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
