package io.custodia.audit;

/**
 * An act could not be recorded in the ledger, so it must not happen (DESIGN.md invariant 3): the caller
 * lets this propagate and the request fails with 503 instead of returning unaudited data.
 */
public class AuditUnavailableException extends RuntimeException {

    AuditUnavailableException(Throwable cause) {
        super("The audit ledger could not record this act, so it was not done; try again shortly", cause);
    }

    AuditUnavailableException(String message) {
        super(message);
    }
}
