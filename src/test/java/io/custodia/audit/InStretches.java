package io.custodia.audit;

import org.springframework.test.util.AopTestUtils;

/**
 * Makes the verifier walk even a small ledger in parallel stretches (PostgreSQL), then puts it back: what the
 * tamper tests use to check that stretches name a break exactly as one walk does.
 */
final class InStretches implements AutoCloseable {

    private final AuditVerifier target;
    private final long parallelFrom;
    private final int streams;

    private InStretches(AuditVerifier verifier, long parallelFrom, int streams) {
        this.target = AopTestUtils.getUltimateTargetObject(verifier);
        this.parallelFrom = target.parallelFrom;
        this.streams = target.streams;
        target.parallelFrom = parallelFrom;
        target.streams = streams;
    }

    /** Every ledger of at least {@code streams} entries is cut into {@code streams} stretches. */
    static InStretches of(AuditVerifier verifier, int streams) {
        return new InStretches(verifier, 2, streams);
    }

    /** One walk from the start, whatever the ledger's size. */
    static InStretches none(AuditVerifier verifier) {
        return new InStretches(verifier, Long.MAX_VALUE, 2);
    }

    @Override
    public void close() {
        target.parallelFrom = parallelFrom;
        target.streams = streams;
    }
}
