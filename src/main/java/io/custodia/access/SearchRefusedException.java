package io.custodia.access;

/** A search cannot run as asked; the reason tells how to ask, the message says it in English. */
public class SearchRefusedException extends RuntimeException {

    public enum Reason {
        /** The query has no word of 3 letters or more. */
        TOO_SHORT,
        /** More people match than a search may decrypt; more letters or an email are needed. */
        TOO_BROAD
    }

    private final Reason reason;

    public SearchRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
