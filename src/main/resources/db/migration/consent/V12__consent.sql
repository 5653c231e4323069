-- consent: privacy notices, the append-only ledger of each person's choices (consent per purpose and
-- channel, objections, restriction) and the projections that answer "does the basis hold now?".
-- No personal value is stored here: ids, statuses, times, the notice shown, where the choice came from;
-- an IP address only as a keyed hash (the blind-index key), a user agent cut to 256 characters.

CREATE TABLE privacy_notice (
    version      INTEGER NOT NULL,
    language     VARCHAR(2) NOT NULL,
    body         VARCHAR(100000) NOT NULL,
    sha256       VARCHAR(64) NOT NULL,
    published_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (version, language)
);

CREATE TABLE consent_event (
    id              UUID PRIMARY KEY,
    subject_id      UUID NOT NULL,
    purpose         VARCHAR(40),
    channel         VARCHAR(8),
    kind            VARCHAR(24) NOT NULL,
    at              TIMESTAMP WITH TIME ZONE NOT NULL,
    notice_version  INTEGER,
    notice_language VARCHAR(2),
    notice_sha256   VARCHAR(64),
    source          VARCHAR(16) NOT NULL,
    actor_kind      VARCHAR(16) NOT NULL,
    actor_id        VARCHAR(64) NOT NULL,
    form_id         VARCHAR(64),
    user_agent      VARCHAR(256),
    ip_digest       VARCHAR(64)
);
CREATE INDEX consent_event_subject ON consent_event (subject_id, at);

-- the current consent status per person, purpose and channel
CREATE TABLE consent_channel (
    subject_id UUID NOT NULL,
    purpose    VARCHAR(40) NOT NULL,
    channel    VARCHAR(8) NOT NULL,
    status     VARCHAR(24) NOT NULL,
    since      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (subject_id, purpose, channel)
);

-- what the policy reads with each person's row: per purpose the state that decides (CONSENT_GIVEN,
-- CONSENT_WITHDRAWN, CONSENT_REFUSED, CONSENT_EXPIRED, OBJECTED), and under purpose '*' a restriction
CREATE TABLE basis_state (
    subject_id UUID NOT NULL,
    purpose    VARCHAR(40) NOT NULL,
    status     VARCHAR(24) NOT NULL,
    since      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (subject_id, purpose)
);

-- what each consent purpose said when its consents were given: a material change (another fingerprint)
-- marks them for renewal
CREATE TABLE consent_purpose_version (
    purpose VARCHAR(40) PRIMARY KEY,
    sha256  VARCHAR(64) NOT NULL,
    since   TIMESTAMP WITH TIME ZONE NOT NULL
);
