-- audit: signed checkpoints (Ed25519, key wrapped by the master key in system_key). A checkpoint seals
-- the chain up to an entry: rewriting entries and recomputing every hash after it, or cutting the tail
-- together with the head, no longer goes unnoticed. Copies go to an external sink when one is set.
CREATE TABLE audit_checkpoint (
    seq        BIGINT PRIMARY KEY,
    hash       VARCHAR(64) NOT NULL,
    at         TIMESTAMP WITH TIME ZONE NOT NULL,
    key_id     VARCHAR(16) NOT NULL,
    signature  VARCHAR(100) NOT NULL
);

-- Where the retained chain starts: 1, or one past the signed checkpoint at which old entries were pruned.
ALTER TABLE audit_head ADD COLUMN first_seq BIGINT DEFAULT 1 NOT NULL;

-- The viewer's filters page by seq within an actor or an action.
CREATE INDEX audit_entry_actor ON audit_entry (actor_id, seq);
CREATE INDEX audit_entry_action ON audit_entry (action, seq);
