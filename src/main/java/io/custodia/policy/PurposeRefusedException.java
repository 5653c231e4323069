package io.custodia.policy;

import java.util.List;

/** The declared purpose is missing, unknown, or not granted to the actor's roles. Lists what the actor may use. */
public class PurposeRefusedException extends RuntimeException {

    public enum Reason { MISSING, UNKNOWN, NOT_GRANTED }

    private final Reason reason;
    private final List<String> allowedPurposes;

    public PurposeRefusedException(Reason reason, String message, List<String> allowedPurposes) {
        super(message);
        this.reason = reason;
        this.allowedPurposes = List.copyOf(allowedPurposes);
    }

    public Reason reason() {
        return reason;
    }

    public List<String> allowedPurposes() {
        return allowedPurposes;
    }
}
