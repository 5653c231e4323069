-- audit: entries are found by person with a hash index instead of a b-tree on (subject_id, seq). Every read
-- appends an entry for a random person, so the b-tree dirtied a random leaf page per entry, after each
-- checkpoint a full-page image in the WAL, on the group commit's path: measured with pgbench on the 2-core
-- machine, 14 entries and the head per commit over 2,000,000 entries, 0.75-0.85 ms per commit with the
-- b-tree, 0.57-0.62 ms with the hash index. A person's entries are few (their reads, writes and requests), so
-- a page of them newest first is their entries fetched by the hash index and sorted.
DROP INDEX audit_entry_subject;
CREATE INDEX audit_entry_subject ON audit_entry USING hash (subject_id);
