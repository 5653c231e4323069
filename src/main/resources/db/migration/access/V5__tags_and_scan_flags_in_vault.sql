-- Tags, and what the scan of free text found (which may reveal Art. 9 categories), are personal data:
-- they move into the vault, encrypted under the person's key and projected with the field they describe.
ALTER TABLE person_data ADD COLUMN tags BYTEA;
ALTER TABLE person_data ADD COLUMN tags_flags BYTEA;
ALTER TABLE person_data ADD COLUMN notes_flags BYTEA;
ALTER TABLE interaction_data ADD COLUMN summary_flags BYTEA;
