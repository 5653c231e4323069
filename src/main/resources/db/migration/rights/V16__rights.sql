-- rights: data subject requests and their legal clocks. No personal value is stored: the person's id once
-- known, the address given only as a keyed digest (to match it without keeping it), dates, statuses and
-- the reasons staff give (checked for personal data). Kept 24 months after closing (CCPA §7101).
CREATE TABLE rights_request (
    id               UUID PRIMARY KEY,
    type             VARCHAR(24) NOT NULL,
    jurisdiction     VARCHAR(8) NOT NULL,
    channel          VARCHAR(16) NOT NULL,
    language         VARCHAR(2) NOT NULL,
    email_digest     VARCHAR(64),
    status           VARCHAR(24) NOT NULL,
    law              VARCHAR(32) NOT NULL,
    received_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    received_on      DATE NOT NULL,
    acknowledge_by   DATE,
    due_on           DATE NOT NULL,
    extendable_to    DATE,
    acknowledged_at  TIMESTAMP WITH TIME ZONE,
    verified_at      TIMESTAMP WITH TIME ZONE,
    extended_at      TIMESTAMP WITH TIME ZONE,
    extension_reason VARCHAR(2000),
    closed_at        TIMESTAMP WITH TIME ZONE,
    outcome          VARCHAR(16),
    outcome_reason   VARCHAR(2000),
    -- a correction the person proposed (GDPR Art. 16): personal data, so sealed under the archive key, and
    -- cleared once answered, expired, or the person erased
    proposal         BYTEA
);
CREATE INDEX rights_request_status ON rights_request (status, due_on);
CREATE INDEX rights_request_received ON rights_request (received_at);

-- the persons a request is about: none when the address matched no one, several when records share it
CREATE TABLE rights_request_subject (
    request_id UUID NOT NULL REFERENCES rights_request (id),
    subject_id UUID NOT NULL,
    PRIMARY KEY (request_id, subject_id)
);
CREATE INDEX rights_request_subject_subject ON rights_request_subject (subject_id);

-- what happened to a request, in order: received, emailed, verified, extended, fulfilled, closed, expired
CREATE TABLE rights_request_event (
    request_id UUID NOT NULL REFERENCES rights_request (id),
    seq        INTEGER NOT NULL,
    at         TIMESTAMP WITH TIME ZONE NOT NULL,
    kind       VARCHAR(24) NOT NULL,
    actor_kind VARCHAR(16) NOT NULL,
    actor_id   VARCHAR(64) NOT NULL,
    note       VARCHAR(2000),
    PRIMARY KEY (request_id, seq)
);

-- a person's access or portability package, waiting to be downloaded from the emailed link: a zip encrypted
-- under the "archives" system key, deleted when it expires (and when the person is erased)
CREATE TABLE access_package (
    id          UUID PRIMARY KEY,
    request_id  UUID NOT NULL REFERENCES rights_request (id),
    subject_id  UUID NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    downloads   INTEGER NOT NULL,
    content     BYTEA NOT NULL
);
CREATE INDEX access_package_expires ON access_package (expires_at);

-- GDPR Art. 19: each erasure, rectification and restriction told to every recipient that received the person's
-- data, through this outbox: a signed webhook retried with back-off until acknowledged, or, for a recipient
-- without one, a line the DPO acts on by hand. The payload holds ids and the act, no personal value.
CREATE TABLE recipient_notice (
    id              UUID PRIMARY KEY,
    request_id      UUID NOT NULL REFERENCES rights_request (id),
    subject_id      UUID NOT NULL,
    recipient       VARCHAR(64) NOT NULL,
    act             VARCHAR(24) NOT NULL,
    status          VARCHAR(16) NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE,
    last_error      VARCHAR(300),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    delivered_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX recipient_notice_due ON recipient_notice (status, next_attempt_at);
CREATE INDEX recipient_notice_request ON recipient_notice (request_id);
