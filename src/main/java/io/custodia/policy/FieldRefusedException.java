package io.custodia.policy;

import java.util.List;

/**
 * A write names fields that cannot be stored: declared by no purpose (GDPR Art. 5(1)(c)), unknown,
 * or outside the declared purpose.
 */
public class FieldRefusedException extends RuntimeException {

    public enum Reason { UNKNOWN, NOT_DECLARED, OUTSIDE_PURPOSE }

    private final Reason reason;
    private final List<String> fields;

    public FieldRefusedException(Reason reason, String message, List<String> fields) {
        super(message);
        this.reason = reason;
        this.fields = List.copyOf(fields);
    }

    public Reason reason() {
        return reason;
    }

    public List<String> fields() {
        return fields;
    }
}
