package io.custodia.consent;

import io.custodia.access.BasisStateSource;
import io.custodia.policy.BasisState;
import io.custodia.shared.SubjectId;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The consent projection as the gateway reads it: two primary-key lookups joined to each person's row. */
@Component
class BasisStates implements BasisStateSource {

    private final JdbcClient jdbc;

    BasisStates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String join(String subjectColumn) {
        return " LEFT JOIN basis_state bs ON bs.subject_id = " + subjectColumn + " AND bs.purpose = :basis_purpose"
                + " LEFT JOIN basis_state br ON br.subject_id = " + subjectColumn + " AND br.purpose = '" + ConsentLedger.EVERY_PURPOSE + "'"
                + " LEFT JOIN basis_state bo ON bo.subject_id = " + subjectColumn + " AND bo.purpose = '" + ConsentLedger.SALE_AND_SHARING + "'"
                + " LEFT JOIN basis_state bl ON bl.subject_id = " + subjectColumn + " AND bl.purpose = '" + ConsentLedger.SENSITIVE_LIMITED + "'";
    }

    @Override
    public String aggregateJoin(String subjectColumn, String alias) {
        return " LEFT JOIN (SELECT subject_id, MAX(CASE WHEN purpose = :basis_purpose THEN status END) AS status,"
                + " MAX(CASE WHEN purpose = '" + ConsentLedger.EVERY_PURPOSE + "' THEN since END) AS restricted,"
                + " MAX(CASE WHEN purpose = '" + ConsentLedger.SALE_AND_SHARING + "' THEN since END) AS opted_out"
                + " FROM basis_state WHERE purpose IN (:basis_purpose, '" + ConsentLedger.EVERY_PURPOSE + "', '" + ConsentLedger.SALE_AND_SHARING
                + "') GROUP BY subject_id) " + alias + " ON " + alias + ".subject_id = " + subjectColumn;
    }

    @Override
    public String statusColumn() {
        return "bs.status";
    }

    @Override
    public String sinceColumn() {
        return "bs.since";
    }

    @Override
    public String restrictedColumn() {
        return "br.since";
    }

    @Override
    public String optedOutColumn() {
        return "bo.since";
    }

    @Override
    public String limitedColumn() {
        return "bl.since";
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
