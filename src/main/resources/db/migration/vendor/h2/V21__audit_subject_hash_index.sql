-- audit: H2 keeps the b-tree on (subject_id, seq) from V7 (see the PostgreSQL twin of this file, which makes it
-- a hash index to keep appends cheap).
COMMENT ON INDEX audit_entry_subject IS 'Entries by person';
