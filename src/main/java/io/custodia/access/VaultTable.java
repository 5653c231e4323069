package io.custodia.access;

import java.util.Arrays;
import java.util.Optional;

/** The encrypted tables of the vault, one per kind of record in the data map. */
enum VaultTable {
    PERSON("person", "person_data", "subject_id"),
    INTERACTION("interaction", "interaction_data", "record_id");

    private final String record;
    private final String table;
    private final String key;

    VaultTable(String record, String table, String key) {
        this.record = record;
        this.table = table;
        this.key = key;
    }

    String record() {
        return record;
    }

    String table() {
        return table;
    }

    /** The primary-key column: the subject id for persons, the record id otherwise. */
    String key() {
        return key;
    }

    static Optional<VaultTable> of(String record) {
        return Arrays.stream(values()).filter(t -> t.record.equals(record)).findFirst();
    }
}
