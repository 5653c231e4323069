package io.custodia.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Lists entries for the viewer, the API and a person's access history, newest first, by keyset paging
 * on {@code seq} (fast at millions of entries: every filter has an index that starts with it and ends
 * with {@code seq}). Each listed entry says whether it verifies: its hash recomputes from its fields and
 * links to the stored hash of the entry before it.
 */
@Service
public class AuditQuery {

    public static final int MAX_PAGE = 200;

    private final JdbcClient jdbc;

    AuditQuery(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * What to list; every filter is optional.
     *
     * @param actors  actor ids (a staff account and its API tokens), empty for all
     * @param from    entries at or after this time
     * @param to      entries before this time
     * @param before  only entries with a smaller seq (the next page's cursor)
     */
    public record Filter(@Nullable UUID subject, Set<String> actors, @Nullable String purpose, @Nullable AuditAction action,
            @Nullable Instant from, @Nullable Instant to, @Nullable Long before) {

        public Filter {
            actors = Set.copyOf(actors);
        }

        public static Filter none() {
            return new Filter(null, Set.of(), null, null, null, null, null);
        }

        public Filter before(@Nullable Long seq) {
            return new Filter(subject, actors, purpose, action, from, to, seq);
        }

        public Filter withTimes(@Nullable Instant newFrom, @Nullable Instant newTo) {
            return new Filter(subject, actors, purpose, action, newFrom, newTo, before);
        }
    }

    /** One entry and whether it verifies. */
    public record Listed(AuditEntryView entry, boolean verifies) {
    }

    /** A page of entries, newest first; {@code nextBefore} is the cursor of the next page, null on the last. */
    public record Page(List<Listed> entries, @Nullable Long nextBefore) {
    }

    /** An entry as stored, for display: every column, the action as text (a tampered row may hold any). */
    public record AuditEntryView(long seq, Instant at, String actorKind, String actorId, String action, @Nullable String purpose,
            @Nullable UUID subjectId, String outcome, String detail, @Nullable String correlationId, String prevHash, String hash) {

        static AuditEntryView of(StoredEntry e) {
            return new AuditEntryView(e.seq(), e.at(), e.actorKind(), e.actorId(), e.action(), e.purpose(), e.subjectId(),
                    e.outcome(), e.detail(), e.correlationId(), e.prevHash(), e.hash());
        }
    }

    @Transactional(readOnly = true)
    public Page list(Filter filter, int limit) {
        if (limit < 1 || limit > MAX_PAGE) throw new IllegalArgumentException("limit must be 1 to " + MAX_PAGE + ", was " + limit);
        StringBuilder sql = new StringBuilder("SELECT ").append(AuditVerifier.COLUMNS).append(" FROM audit_entry WHERE 1 = 1");
        Map<String, Object> params = new LinkedHashMap<>();
        if (filter.subject() != null) {
            sql.append(" AND subject_id = :subject");
            params.put("subject", filter.subject());
        }
        if (!filter.actors().isEmpty()) {
            sql.append(" AND actor_id IN (:actors)");
            params.put("actors", List.copyOf(filter.actors()));
        }
        if (filter.purpose() != null) {
            sql.append(" AND purpose = :purpose");
            params.put("purpose", filter.purpose());
        }
        if (filter.action() != null) {
            sql.append(" AND action = :action");
            params.put("action", filter.action().name());
        }
        // Entry times rise with seq (they are taken under the head lock), so a time range is first turned
        // into a seq range by bisection on the primary key: the page is then a short backward scan of it.
        if (filter.from() != null) {
            sql.append(" AND seq >= :fromSeq AND at >= :from");
            params.put("fromSeq", firstSeqAtOrAfter(filter.from()));
            params.put("from", OffsetDateTime.ofInstant(filter.from(), java.time.ZoneOffset.UTC));
        }
        if (filter.to() != null) {
            sql.append(" AND seq < :toSeq AND at < :to");
            params.put("toSeq", firstSeqAtOrAfter(filter.to()));
            params.put("to", OffsetDateTime.ofInstant(filter.to(), java.time.ZoneOffset.UTC));
        }
        if (filter.before() != null) {
            sql.append(" AND seq < :before");
            params.put("before", filter.before());
        }
        sql.append(" ORDER BY seq DESC LIMIT ").append(limit + 1);
        List<StoredEntry> rows = jdbc.sql(sql.toString()).params(params).query((rs, n) -> AuditVerifier.stored(rs)).list();
        boolean more = rows.size() > limit;
        List<StoredEntry> shown = more ? rows.subList(0, limit) : rows;
        Map<Long, String> previous = hashesOf(shown.stream().map(e -> e.seq() - 1).filter(s -> s >= 1).toList());
        long firstSeq = jdbc.sql("SELECT first_seq FROM audit_head WHERE id = 1").query(Long.class).single();
        List<Listed> listed = new ArrayList<>(shown.size());
        for (StoredEntry e : shown) {
            String expectedPrev = e.seq() == 1 ? AuditHashes.GENESIS : previous.get(e.seq() - 1);
            boolean links = expectedPrev == null ? e.seq() == firstSeq : expectedPrev.equals(e.prevHash());
            listed.add(new Listed(AuditEntryView.of(e), links && AuditHashes.recomputes(e)));
        }
        return new Page(listed, more ? shown.getLast().seq() : null);
    }

    /** The seq of the first entry recorded at or after {@code time} (one past the newest when none): about 22 lookups at a million entries. */
    long firstSeqAtOrAfter(Instant time) {
        long[] bounds = jdbc.sql("SELECT first_seq, seq FROM audit_head WHERE id = 1").query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
        long low = bounds[0];
        long high = bounds[1] + 1;
        OffsetDateTime target = OffsetDateTime.ofInstant(time, java.time.ZoneOffset.UTC);
        while (low < high) {
            long middle = low + (high - low) / 2;
            OffsetDateTime at = jdbc.sql("SELECT at FROM audit_entry WHERE seq >= ? ORDER BY seq LIMIT 1").param(middle)
                    .query(OffsetDateTime.class).optional().orElse(null);
            if (at != null && at.isBefore(target)) low = middle + 1; else high = middle;
        }
        return low;
    }

    /** The detail of the newest entry of these actions whose detail starts with this text, if any. */
    public java.util.Optional<String> lastDetail(java.util.Collection<AuditAction> actions, String startingWith) {
        return jdbc.sql("SELECT detail FROM audit_entry WHERE action IN (:actions) AND detail LIKE :start ORDER BY seq DESC LIMIT 1")
                .param("actions", actions.stream().map(AuditAction::name).toList())
                .param("start", startingWith.replace("%", "\\%").replace("_", "\\_") + "%").query(String.class).optional();
    }

    /** The detail of the newest entry of this action, if any. */
    public java.util.Optional<String> lastDetail(AuditAction action) {
        return jdbc.sql("SELECT detail FROM audit_entry WHERE action = ? ORDER BY seq DESC LIMIT 1").param(action.name())
                .query(String.class).optional();
    }

    /** The purposes under which this person's data was used (read, searched, written), as the ledger records it. */
    public java.util.Set<String> purposesUsedOn(UUID subject) {
        return new java.util.TreeSet<>(jdbc.sql("SELECT DISTINCT purpose FROM audit_entry WHERE subject_id = ? AND outcome = 'ALLOWED'"
                + " AND purpose IS NOT NULL AND action IN ('READ', 'SEARCH', 'CREATE', 'UPDATE', 'EXPORT')").param(subject)
                .query(String.class).list());
    }

    /** Whether an entry of this action with exactly this detail exists. */
    public boolean exists(AuditAction action, String detail) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = ? AND detail = ?").params(action.name(), detail)
                .query(Long.class).single() > 0;
    }

    /** How many entries the ledger holds, and its newest seq. */
    public long[] size() {
        return jdbc.sql("SELECT seq, first_seq FROM audit_head WHERE id = 1").query((rs, n) -> new long[] {rs.getLong(1) - rs.getLong(2) + 1, rs.getLong(1)}).single();
    }

    private Map<Long, String> hashesOf(Collection<Long> seqs) {
        Map<Long, String> hashes = new HashMap<>();
        if (seqs.isEmpty()) return hashes;
        jdbc.sql("SELECT seq, hash FROM audit_entry WHERE seq IN (:seqs)").param("seqs", List.copyOf(seqs)).query((rs, n) -> {
            hashes.put(rs.getLong(1), rs.getString(2));
            return n;
        }).list();
        return hashes;
    }
}
