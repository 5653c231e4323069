package io.custodia.access;

import java.util.List;

/** Free text holding data that must never be stored (a payment card number) was refused; nothing was written. */
public class NoteRefusedException extends RuntimeException {

    private final String field;
    private final List<String> kinds;
    private final transient String redacted;

    public NoteRefusedException(String field, List<String> kinds, String redacted) {
        super("The text of " + field + " contains " + kinds
                + ", which must not be stored in notes (CNIL payment-card rules, PCI DSS); remove it and save again");
        this.field = field;
        this.kinds = List.copyOf(kinds);
        this.redacted = redacted;
    }

    /**
     * The refused text with what was found replaced by a marker such as {@code [payment_card]}: what a form
     * may show back to the person who typed it, so they can fix it without the card number travelling again.
     * Never logged (it is not in the message).
     */
    public String redactedText() {
        return redacted;
    }

    public String field() {
        return field;
    }

    public List<String> kinds() {
        return kinds;
    }
}
