package io.custodia.access;

import java.util.List;

/** Free text holding data that must never be stored (a payment card number) was refused; nothing was written. */
public class NoteRefusedException extends RuntimeException {

    private final String field;
    private final List<String> kinds;

    public NoteRefusedException(String field, List<String> kinds) {
        super("The text of " + field + " contains " + kinds
                + ", which must not be stored in notes (CNIL payment-card rules, PCI DSS); remove it and save again");
        this.field = field;
        this.kinds = List.copyOf(kinds);
    }

    public String field() {
        return field;
    }

    public List<String> kinds() {
        return kinds;
    }
}
