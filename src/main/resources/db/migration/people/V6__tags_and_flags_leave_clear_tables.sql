-- Tags and scan flags now live encrypted in the vault (access V5); nothing of them stays in clear.
DROP TABLE person_tag;
DROP TABLE tag;
ALTER TABLE person DROP COLUMN note_flags;
ALTER TABLE interaction DROP COLUMN flags;
