-- people: the CRM core. Only identifiers, relations and business data here; every personal value
-- lives encrypted in the access module's vault, keyed by subject_id.
CREATE TABLE organisation (
    id          UUID PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    domain      VARCHAR(200),
    country     VARCHAR(2),
    industry    VARCHAR(100),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_organisation_name ON organisation (name);

CREATE TABLE person (
    subject_id       UUID PRIMARY KEY,
    organisation_id  UUID REFERENCES organisation (id),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by       UUID,
    note_flags       VARCHAR(200) NOT NULL DEFAULT ''
);
CREATE INDEX ix_person_updated ON person (updated_at, subject_id);
CREATE INDEX ix_person_organisation ON person (organisation_id);

CREATE TABLE interaction (
    id           UUID PRIMARY KEY,
    subject_id   UUID NOT NULL REFERENCES person (subject_id),
    kind         VARCHAR(16) NOT NULL,
    occurred_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    staff_id     UUID,
    flags        VARCHAR(200) NOT NULL DEFAULT '',
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_interaction_subject ON interaction (subject_id, occurred_at);

CREATE TABLE deal (
    id                  UUID PRIMARY KEY,
    title               VARCHAR(200) NOT NULL,
    organisation_id     UUID REFERENCES organisation (id),
    contact_subject_id  UUID REFERENCES person (subject_id),
    stage               VARCHAR(16) NOT NULL,
    amount              NUMERIC(15, 2) NOT NULL,
    currency            VARCHAR(3) NOT NULL,
    owner_id            UUID,
    expected_close      DATE,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_deal_stage ON deal (stage, updated_at);
CREATE INDEX ix_deal_contact ON deal (contact_subject_id);

CREATE TABLE tag (
    id    UUID PRIMARY KEY,
    name  VARCHAR(40) NOT NULL,
    CONSTRAINT uq_tag_name UNIQUE (name)
);

CREATE TABLE person_tag (
    subject_id  UUID NOT NULL REFERENCES person (subject_id),
    tag_id      UUID NOT NULL REFERENCES tag (id),
    PRIMARY KEY (subject_id, tag_id)
);
