-- retention: legal holds (GDPR Art. 17(3)(b)). A hold says that a legal obligation of the data map (accounting:
-- invoices kept ten years, Code de commerce art. L123-22) requires a person's data to be kept until a day: an
-- erasure then keeps that purpose's fields, only those, until the last hold ends. No personal value: the
-- reason is staff's text, checked for personal data.
CREATE TABLE legal_hold (
    id             UUID PRIMARY KEY,
    subject_id     UUID NOT NULL,
    purpose        VARCHAR(64) NOT NULL,
    reason         VARCHAR(500) NOT NULL,
    held_until     DATE NOT NULL,
    placed_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    placed_by      VARCHAR(64) NOT NULL,
    released_at    TIMESTAMP WITH TIME ZONE,
    released_by    VARCHAR(64),
    release_reason VARCHAR(500)
);
CREATE INDEX legal_hold_subject ON legal_hold (subject_id);
