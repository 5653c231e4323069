package io.custodia.audit;

/**
 * What a walk along the chain reads of an entry as long as the chain holds: its place, its links and
 * whether it records a pruning. The whole entry ({@link #entry()}) is wanted only to describe a break, so
 * an entry read straight from the database's bytes decodes its fields only then.
 */
interface ChainEntry {

    long seq();

    String prevHash();

    String hash();

    /** Whether this entry's prev_hash is {@code hash}. */
    default boolean prevHashIs(String hash) {
        return prevHash().equals(hash);
    }

    /** Whether this entry's prev_hash is the hash of {@code previous}. */
    default boolean follows(ChainEntry previous) {
        return prevHash().equals(previous.hash());
    }

    /** Whether this entry's hash is {@code hash}. */
    default boolean hashIs(String hash) {
        return hash().equals(hash);
    }

    /** Whether this entry is the LEDGER_PRUNED record of a cut before {@code firstSeq}. */
    boolean recordsPruningBefore(long firstSeq);

    /** Every field, decoded. */
    StoredEntry entry();

    /** The detail of a LEDGER_PRUNED entry that records a cut before {@code firstSeq} starts with this. */
    static String pruneDetailPrefix(long firstSeq) {
        return "first=" + firstSeq + ";";
    }
}
