package io.custodia.crypto;

import io.custodia.shared.SubjectId;

/** The subject has no data key: never created, or destroyed by erasure. Its data cannot be read or written. */
public class SubjectKeyMissingException extends RuntimeException {

    private final SubjectId subject;

    public SubjectKeyMissingException(SubjectId subject) {
        super("Subject " + subject + " has no data key (erased or unknown)");
        this.subject = subject;
    }

    public SubjectId subject() {
        return subject;
    }
}
