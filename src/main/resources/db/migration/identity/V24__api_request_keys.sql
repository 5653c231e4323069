-- identity: an API client's Idempotency-Key, kept 24 hours. Held as keyed digests (HMAC under the "request-keys"
-- system key): the key (a client may choose any text) and the body it came with (to tell a retry from another request
-- under the same key); in clear only the request's
-- method and path and, once it succeeded, its status and the address of what it made.
CREATE TABLE api_request_key (
    actor_id    VARCHAR(80) NOT NULL,
    key_digest  VARCHAR(64) NOT NULL,
    request     VARCHAR(400) NOT NULL,
    body_digest VARCHAR(64) NOT NULL,
    claimed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    status      INTEGER,
    location    VARCHAR(400),
    PRIMARY KEY (actor_id, key_digest)
);
CREATE INDEX api_request_key_claimed ON api_request_key (claimed_at);
