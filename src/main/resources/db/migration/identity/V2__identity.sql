-- identity: staff accounts, API tokens. Usernames are login identifiers and stay in clear;
-- TOTP secrets are encrypted with a system key, passwords hashed with Argon2id.
CREATE TABLE staff_account (
    id                UUID PRIMARY KEY,
    username          VARCHAR(64) NOT NULL,
    display_name      VARCHAR(120) NOT NULL,
    password_hash     VARCHAR(255) NOT NULL,
    roles             VARCHAR(255) NOT NULL,
    locale            VARCHAR(8) NOT NULL DEFAULT 'en',
    totp_secret       BYTEA,
    totp_last_step    BIGINT NOT NULL DEFAULT 0,
    failed_attempts   INTEGER NOT NULL DEFAULT 0,
    locked_until      TIMESTAMP WITH TIME ZONE,
    enabled           BOOLEAN NOT NULL DEFAULT TRUE,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    password_changed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    password_must_change BOOLEAN NOT NULL DEFAULT FALSE,
    CONSTRAINT uq_staff_username UNIQUE (username)
);

CREATE TABLE api_token (
    id            UUID PRIMARY KEY,
    account_id    UUID NOT NULL REFERENCES staff_account (id),
    name          VARCHAR(80) NOT NULL,
    token_hash    VARCHAR(64) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE,
    last_used_at  TIMESTAMP WITH TIME ZONE,
    revoked_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT uq_api_token_hash UNIQUE (token_hash)
);
CREATE INDEX ix_api_token_account ON api_token (account_id);
