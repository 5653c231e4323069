-- rights: persons erased except what a legal hold requires to be kept (GDPR Art. 17(3)(b)). The kept fields
-- (data map ids, no values) and the last day of the holds known at erasure; when every hold has ended, the
-- rest is erased too and the row goes.
CREATE TABLE erasure_kept (
    subject_id  UUID PRIMARY KEY,
    request_id  UUID,
    kept_fields VARCHAR(1000) NOT NULL,
    kept_until  DATE NOT NULL,
    erased_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX erasure_kept_until ON erasure_kept (kept_until);
