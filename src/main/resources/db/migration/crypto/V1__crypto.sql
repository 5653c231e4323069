-- crypto: data keys of subjects, wrapped by the master key (invariant 1), and system keys
-- (blind-index key, staff-secret key) wrapped by the master key too.
CREATE TABLE subject_key (
    subject_id   UUID PRIMARY KEY,
    wrapped_key  BYTEA NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE system_key (
    name         VARCHAR(64) PRIMARY KEY,
    wrapped_key  BYTEA NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
