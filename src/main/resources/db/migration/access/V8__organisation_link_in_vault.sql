-- Where a person works is personal data: the link to their organisation moves into the vault, encrypted,
-- with a keyed blind index (kind 'org') to list an organisation's contacts.
ALTER TABLE person_data ADD COLUMN organisation BYTEA;
