package io.custodia.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Exports a segment of the ledger as JSON lines (GDPR Art. 5(2): evidence a third party can check
 * without access to the database): a {@code segment} line, then every entry from {@code from} to
 * {@code to} in order, then the signed checkpoints from {@code from - 1} to {@code to}. With the public
 * key, {@link SegmentVerifier} checks it offline. The entries hold ids and field names only.
 */
@Service
public class AuditExport {

    /** The format named in the first line; a verifier refuses other formats. */
    public static final String FORMAT = "custodia-audit-export-v1";
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final AuditCheckpoints checkpoints;
    private final Clock clock;
    private final AuditLedger ledger;
    private final ActorResolver actors;

    private final AuditQuery query;

    AuditExport(JdbcClient jdbc, AuditCheckpoints checkpoints, Clock clock, AuditLedger ledger, ActorResolver actors, AuditQuery query) {
        this.ledger = ledger;
        this.query = query;
        this.actors = actors;
        this.jdbc = jdbc;
        this.checkpoints = checkpoints;
        this.clock = clock;
    }

    /** The range a request may export: from the first retained entry to the head. */
    public Range available() {
        return jdbc.sql("SELECT first_seq, seq FROM audit_head WHERE id = 1").query((rs, n) -> new Range(rs.getLong(1), rs.getLong(2))).single();
    }

    /**
     * The entries recorded from {@code from} (inclusive; null: the first retained) to {@code to} (exclusive;
     * null: the newest), as a segment: every entry of that time, whoever made it, since a chain cannot be
     * checked with entries left out. Empty when none was recorded then. Entry times rise with seq, so the
     * bounds are found by bisection on the primary key.
     */
    public java.util.Optional<Range> recordedBetween(java.time.@Nullable Instant from, java.time.@Nullable Instant to) {
        Range available = available();
        long first = from == null ? available.from() : query.firstSeqAtOrAfter(from);
        long last = to == null ? available.to() : query.firstSeqAtOrAfter(to) - 1;
        return first <= last ? java.util.Optional.of(new Range(first, last)) : java.util.Optional.empty();
    }

    /** Records that the current actor exported entries {@code from..to}, durably, before they are written. */
    public void recordExport(long from, long to) {
        ActorResolver.ActorRef actor = actors.current();
        ledger.recordNow(AuditEvent.of(actor.kind(), actor.id(), AuditAction.EXPORT, AuditOutcome.ALLOWED)
                .withDetail("audit entries " + from + " to " + to));
    }

    /**
     * Records the export, then sends entries {@code from..to} as a JSON-lines attachment: what the API and the
     * viewer both serve. The range must already be checked against {@link #available()}.
     */
    public void download(long from, long to, jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
        recordExport(from, to);
        response.setContentType("application/x-ndjson");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"custodia-audit-" + from + "-" + to + ".jsonl\"");
        Writer out = new java.io.OutputStreamWriter(response.getOutputStream(), java.nio.charset.StandardCharsets.UTF_8);
        write(from, to, out);
        out.flush();
    }

    /** Inclusive bounds of entries. */
    public record Range(long from, long to) {
    }

    /**
     * Writes entries {@code from..to} and their checkpoints, read in one snapshot.
     *
     * @throws IllegalArgumentException when the range is empty or outside {@link #available()}
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public long write(long from, long to, Writer out) {
        Range available = available();
        if (from < available.from() || to > available.to() || from > to) {
            throw new IllegalArgumentException("Entries " + from + " to " + to + " cannot be exported: the ledger holds entries "
                    + available.from() + " to " + available.to());
        }
        ObjectNode header = JSON.createObjectNode();
        header.put("type", "segment");
        header.put("format", FORMAT);
        header.put("from", from);
        header.put("to", to);
        header.put("exportedAt", clock.instant().toString());
        line(out, header.toString());
        long written = 0;
        long after = from - 1;
        while (after < to) {
            List<StoredEntry> page = jdbc.sql("SELECT " + AuditVerifier.COLUMNS + " FROM audit_entry WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT "
                    + AuditVerifier.PAGE).params(after, to).query((rs, n) -> AuditVerifier.stored(rs)).list();
            if (page.isEmpty()) break;
            for (StoredEntry e : page) {
                line(out, entryJson(e));
                written++;
            }
            after = page.getLast().seq();
        }
        for (Checkpoint c : checkpoints.between(from - 1, to)) {
            line(out, AuditCheckpoints.json(c));
        }
        return written;
    }

    static String entryJson(StoredEntry e) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", "entry");
        node.put("seq", e.seq());
        node.put("at", e.at().toString());
        node.put("actorKind", e.actorKind());
        node.put("actorId", e.actorId());
        node.put("action", e.action());
        node.put("purpose", e.purpose());
        node.put("subjectId", e.subjectId() == null ? null : e.subjectId().toString());
        node.put("outcome", e.outcome());
        node.put("detail", e.detail());
        node.put("correlationId", e.correlationId());
        node.put("prevHash", e.prevHash());
        node.put("hash", e.hash());
        return node.toString();
    }

    private static void line(Writer out, String json) {
        try {
            out.write(json);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
