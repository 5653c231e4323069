package io.custodia.access;

import io.custodia.policy.BasisState;
import io.custodia.shared.SubjectId;

/**
 * Where the gateway finds each person's consent state for a purpose, so the policy decides on the legal
 * basis at the time of use (invariant 4). The consent module implements it over the tables it owns; the
 * gateway joins them to the rows it reads, so the check costs no extra round trip.
 */
public interface BasisStateSource {

    /**
     * For reading persons by id: a join appended after the gateway's {@code FROM person_data p} that brings each
     * person's state for the purpose (named parameter {@code :basis_purpose}), with the five columns to read it
     * from.
     *
     * @param postgres whether the database is PostgreSQL, where the person's rows of the projection are found
     *                 with one probe of its key instead of one per state
     */
    OneJoin joinForOne(String subjectColumn, boolean postgres);

    /**
     * @param sql     the joins, to append after the table holding the subject column
     * @param columns five columns, in order: the status, since when, since when restricted, since when opted out of
     *                sale, since when the use of sensitive information is limited (each null when none)
     */
    record OneJoin(String sql, String columns) {
    }

    /**
     * For counting many persons (audiences): joins that bring each person's state for the purpose
     * ({@code :basis_purpose}), with the columns to read it from. Each is a hash join on the projection's key,
     * and one whose column the statement does not use is left out by the planner.
     */
    ManyJoin joinForMany(String subjectColumn, String alias);

    /**
     * @param sql        the joins, to append after the table holding {@code subjectColumn}
     * @param status     the column of the person's state for the purpose
     * @param restricted the column of since when they are restricted, null when not
     * @param optedOut   the column of since when they opted out of sale and sharing, null when not
     */
    record ManyJoin(String sql, String status, String restricted, String optedOut) {
    }

    /**
     * For counting an audience without visiting everyone (PostgreSQL: full joins): one row per person who has a
     * state recorded for the purpose ({@code :basis_purpose}), or, when asked, a restriction or an opt-out of
     * sale; everyone else has none, and is counted apart. The projection's rows are full-joined on their key.
     *
     * @param restricted whether to bring the restriction
     * @param optedOut   whether to bring the opt-out of sale and sharing
     */
    Touched touched(boolean restricted, boolean optedOut);

    /**
     * @param sql        a FROM-clause item
     * @param subject    the expression of the person's id
     * @param status     the column of the person's state for the purpose, null when none
     * @param restricted since when they are restricted, null when not (a typed NULL when not asked)
     * @param optedOut   since when they opted out of sale and sharing, null when not (a typed NULL when not asked)
     */
    record Touched(String sql, String subject, String status, String restricted, String optedOut) {
    }

    /** The state of one person for one purpose, read on its own (for writes and interactions). */
    BasisState stateOf(SubjectId subject, String purpose);
}
