-- access: the vault. Every personal field is a ciphertext under its subject's data key, with
-- associated data binding it to table, column, subject and record (invariant 1). Only the
-- access module reads or writes these tables (ArchitectureTests).
CREATE TABLE person_data (
    subject_id      UUID PRIMARY KEY,
    first_name      BYTEA,
    last_name       BYTEA,
    emails          BYTEA,
    phones          BYTEA,
    address_line    BYTEA,
    postal_code     BYTEA,
    city            BYTEA,
    country         BYTEA,
    job_title       BYTEA,
    language        BYTEA,
    jurisdiction    BYTEA,
    source          BYTEA,
    notes           BYTEA,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE interaction_data (
    record_id       UUID PRIMARY KEY,
    subject_id      UUID NOT NULL,
    summary         BYTEA,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_interaction_data_subject ON interaction_data (subject_id);

-- Keyed blind indexes (invariant 2): a PRF of the normalised value under the index key, never
-- the value. kind: email, phone, name3, name5 (name prefixes of 3 and 5 characters).
CREATE TABLE blind_index (
    kind            VARCHAR(8) NOT NULL,
    digest          VARCHAR(32) NOT NULL,
    subject_id      UUID NOT NULL,
    PRIMARY KEY (kind, digest, subject_id)
);
CREATE INDEX ix_blind_index_subject ON blind_index (subject_id);
