-- identity: an API client's Idempotency-Key, kept 24 hours: the key, the request it was sent with (method and path)
-- and, once that request succeeded, its status and the address of what it made. No body is kept.
CREATE TABLE api_request_key (
    actor_id    VARCHAR(80) NOT NULL,
    request_key VARCHAR(128) NOT NULL,
    request     VARCHAR(400) NOT NULL,
    claimed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    status      INTEGER,
    location    VARCHAR(400),
    PRIMARY KEY (actor_id, request_key)
);
