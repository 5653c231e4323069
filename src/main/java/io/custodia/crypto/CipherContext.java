package io.custodia.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * Where a ciphertext belongs: table, column and record. With the subject id it forms the associated
 * data, so a ciphertext copied to another row, column or table fails to decrypt (invariant 1).
 */
public record CipherContext(String table, String column, UUID record) {

    public CipherContext {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(record, "record");
    }

    byte[] associatedData(UUID subject) {
        return ("custodia:v1|" + table + "|" + column + "|" + subject + "|" + record).getBytes(StandardCharsets.UTF_8);
    }
}
