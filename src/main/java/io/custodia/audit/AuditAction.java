package io.custodia.audit;

/** What was done: acts on personal data and security-relevant acts (GDPR Art. 30, ASVS V16.2). */
public enum AuditAction {
    READ, SEARCH, CREATE, UPDATE, DELETE, ERASE, EXPORT, DENIED,
    LOGIN_SUCCEEDED, LOGIN_FAILED, SECOND_FACTOR_FAILED, ACCOUNT_LOCKED,
    TOKEN_CREATED, TOKEN_REVOKED, ACCOUNT_CHANGED, KEY_GENERATED, DATAMAP_LOADED,
    /** A master key loaded that is not the one last recorded: the first start with it, a rotation, a restore (by its Tink key id). */
    KEY_IN_USE,
    /** A person's choice recorded: consent given, withdrawn, refused, expired or renewed (GDPR Art. 7(1): demonstrable). */
    CONSENT,
    /** An objection recorded or lifted (Art. 21). */
    OBJECTION,
    /** Processing restricted or the restriction lifted (Art. 18). */
    RESTRICTION,
    /** An address put on the suppression list (its digest only): never written to again. */
    SUPPRESSION,
    /** A data subject request received, verified, extended, fulfilled, closed or expired (rights module). */
    RIGHTS_REQUEST,
    /** A legal hold placed on a person or released (GDPR Art. 17(3)(b)): what a legal obligation requires to be kept, until when. */
    LEGAL_HOLD,
    /** Entries older than the ledger's retention were removed up to a signed checkpoint; the detail names the cut. */
    LEDGER_PRUNED
}
