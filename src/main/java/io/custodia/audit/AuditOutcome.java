package io.custodia.audit;

/** How an act ended: allowed and done, refused by policy, or failed. */
public enum AuditOutcome {
    ALLOWED, DENIED, FAILED
}
