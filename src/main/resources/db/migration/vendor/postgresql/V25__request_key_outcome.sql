-- identity: the whole answer of a keyed request that makes what its client cannot find again by itself (an import:
-- the ids it made and their count, never a personal value), given back as it was when the request is sent again.
ALTER TABLE api_request_key ADD COLUMN outcome BYTEA;
