-- audit: H2 has no BRIN index; the b-tree index on at from V7 stays (see the PostgreSQL twin of this file).
COMMENT ON TABLE audit_entry IS 'The hash-chained audit ledger (append-only)';
