package io.custodia.consent;

import io.custodia.access.BasisStateSource;
import io.custodia.policy.BasisState;
import io.custodia.shared.SubjectId;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The consent projection as the gateway reads it: joined to each person's row by its key. */
@Component
class BasisStates implements BasisStateSource {

    private final JdbcClient jdbc;

    BasisStates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * On PostgreSQL one probe of the projection's key gathers the person's four states (a lateral subquery: the
     * gateway's read of one person measured 15 % faster than with four joins, each a probe of its own); H2 has
     * no lateral subquery and takes the four joins.
     */
    @Override
    public OneJoin joinForOne(String subjectColumn, boolean postgres) {
        if (postgres) {
            return new OneJoin(" LEFT JOIN LATERAL (SELECT"
                    + " max(CASE WHEN x.purpose = :basis_purpose THEN x.status END) AS status,"
                    + " max(CASE WHEN x.purpose = :basis_purpose THEN x.since END) AS since,"
                    + " max(CASE WHEN x.purpose = '" + ConsentLedger.EVERY_PURPOSE + "' THEN x.since END) AS restricted,"
                    + " max(CASE WHEN x.purpose = '" + ConsentLedger.SALE_AND_SHARING + "' THEN x.since END) AS opted_out,"
                    + " max(CASE WHEN x.purpose = '" + ConsentLedger.SENSITIVE_LIMITED + "' THEN x.since END) AS limited"
                    + " FROM basis_state x WHERE x.subject_id = " + subjectColumn + " AND x.purpose IN (:basis_purpose, '"
                    + ConsentLedger.EVERY_PURPOSE + "', '" + ConsentLedger.SALE_AND_SHARING + "', '" + ConsentLedger.SENSITIVE_LIMITED
                    + "')) bs ON TRUE", "bs.status, bs.since, bs.restricted, bs.opted_out, bs.limited");
        }
        return new OneJoin(" LEFT JOIN basis_state bs ON bs.subject_id = " + subjectColumn + " AND bs.purpose = :basis_purpose"
                + " LEFT JOIN basis_state br ON br.subject_id = " + subjectColumn + " AND br.purpose = '" + ConsentLedger.EVERY_PURPOSE + "'"
                + " LEFT JOIN basis_state bo ON bo.subject_id = " + subjectColumn + " AND bo.purpose = '" + ConsentLedger.SALE_AND_SHARING + "'"
                + " LEFT JOIN basis_state bl ON bl.subject_id = " + subjectColumn + " AND bl.purpose = '" + ConsentLedger.SENSITIVE_LIMITED + "'",
                "bs.status, bs.since, br.since, bo.since, bl.since");
    }

    @Override
    public ManyJoin joinForMany(String subjectColumn, String alias) {
        String s = alias + "_s", r = alias + "_r", o = alias + "_o";
        return new ManyJoin(" LEFT JOIN basis_state " + s + " ON " + s + ".subject_id = " + subjectColumn + " AND " + s + ".purpose = :basis_purpose"
                + " LEFT JOIN basis_state " + r + " ON " + r + ".subject_id = " + subjectColumn + " AND " + r + ".purpose = '"
                + ConsentLedger.EVERY_PURPOSE + "'"
                + " LEFT JOIN basis_state " + o + " ON " + o + ".subject_id = " + subjectColumn + " AND " + o + ".purpose = '"
                + ConsentLedger.SALE_AND_SHARING + "'", s + ".status", r + ".since", o + ".since");
    }

    @Override
    public Touched touched(boolean restricted, boolean optedOut) {
        StringBuilder sql = new StringBuilder("(SELECT subject_id, status FROM basis_state WHERE purpose = :basis_purpose) t_s");
        java.util.List<String> ids = new java.util.ArrayList<>(java.util.List.of("t_s.subject_id"));
        if (restricted) {
            sql.append(" FULL JOIN (SELECT subject_id, since FROM basis_state WHERE purpose = '").append(ConsentLedger.EVERY_PURPOSE)
                    .append("') t_r ON t_r.subject_id = ").append(coalesce(ids));
            ids.add("t_r.subject_id");
        }
        if (optedOut) {
            sql.append(" FULL JOIN (SELECT subject_id, since FROM basis_state WHERE purpose = '").append(ConsentLedger.SALE_AND_SHARING)
                    .append("') t_o ON t_o.subject_id = ").append(coalesce(ids));
            ids.add("t_o.subject_id");
        }
        String none = "CAST(NULL AS TIMESTAMP WITH TIME ZONE)";
        return new Touched(sql.toString(), coalesce(ids), "t_s.status", restricted ? "t_r.since" : none, optedOut ? "t_o.since" : none);
    }

    private static String coalesce(java.util.List<String> ids) {
        return ids.size() == 1 ? ids.getFirst() : "COALESCE(" + String.join(", ", ids) + ")";
    }

    @Override
    public BasisState stateOf(SubjectId subject, String purpose) {
        BasisState[] state = {BasisState.NONE};
        jdbc.sql("SELECT purpose, status, since FROM basis_state WHERE subject_id = ? AND purpose IN (?, ?, ?, ?)")
                .params(subject.value(), purpose, ConsentLedger.EVERY_PURPOSE, ConsentLedger.SALE_AND_SHARING, ConsentLedger.SENSITIVE_LIMITED)
                .query(rs -> {
                    Instant since = rs.getObject(3, OffsetDateTime.class).toInstant();
                    BasisState s = state[0];
                    state[0] = switch (rs.getString(1)) {
                        case ConsentLedger.EVERY_PURPOSE -> new BasisState(s.status(), s.since(), since, s.optedOutOfSaleSince(),
                                s.limitedSensitiveSince());
                        case ConsentLedger.SALE_AND_SHARING -> new BasisState(s.status(), s.since(), s.restrictedSince(), since,
                                s.limitedSensitiveSince());
                        case ConsentLedger.SENSITIVE_LIMITED -> new BasisState(s.status(), s.since(), s.restrictedSince(),
                                s.optedOutOfSaleSince(), since);
                        default -> new BasisState(rs.getString(2), since, s.restrictedSince(), s.optedOutOfSaleSince(),
                                s.limitedSensitiveSince());
                    };
                });
        return state[0];
    }
}
