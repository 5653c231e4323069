package io.custodia.crypto;

import io.custodia.shared.SubjectId;

/** A ciphertext failed authentication: altered, or copied from another row, column or subject. */
public class TamperedCiphertextException extends RuntimeException {

    public TamperedCiphertextException(SubjectId subject, CipherContext where) {
        super("The ciphertext of " + where.table() + "." + where.column() + " for subject " + subject
                + " does not authenticate: it was altered or moved from another row or column");
    }
}
