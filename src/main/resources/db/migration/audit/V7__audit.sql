-- audit: the append-only, hash-chained ledger of acts on personal data (DESIGN.md invariant 8,
-- GDPR Art. 5(2) accountability, Art. 30 and 32). Entries hold ids, field names, counts and reasons,
-- never personal values, so erasing a person later leaves nothing of them here.
CREATE TABLE audit_entry (
    seq            BIGINT PRIMARY KEY,
    at             TIMESTAMP WITH TIME ZONE NOT NULL,
    actor_kind     VARCHAR(16) NOT NULL,
    actor_id       VARCHAR(64) NOT NULL,
    action         VARCHAR(48) NOT NULL,
    purpose        VARCHAR(40),
    subject_id     UUID,
    outcome        VARCHAR(16) NOT NULL,
    detail         VARCHAR(2000) NOT NULL,
    correlation_id VARCHAR(64),
    prev_hash      VARCHAR(64) NOT NULL,
    hash           VARCHAR(64) NOT NULL
);

CREATE INDEX audit_entry_subject ON audit_entry (subject_id, seq);
CREATE INDEX audit_entry_at ON audit_entry (at);

-- The one row every append locks: it serialises appends and remembers the last acknowledged entry,
-- so a cut tail is detectable.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY,
    seq  BIGINT NOT NULL,
    hash VARCHAR(64) NOT NULL,
    CONSTRAINT audit_head_single CHECK (id = 1)
);

INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
