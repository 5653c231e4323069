-- The person -> organisation link now lives encrypted in the vault (access V8). Dropping the column
-- drops its foreign key and index with it, on H2 and on PostgreSQL.
ALTER TABLE person DROP COLUMN organisation_id;
