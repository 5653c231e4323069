-- outreach: campaigns and their outbox. A campaign's text is business content written by staff (no
-- personal data: the person's name is filled in at send time); the outbox holds one row per person to
-- write to, with its state, so a crash resumes where it stopped and a message is never sent twice.
CREATE TABLE campaign (
    id          UUID PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    purpose     VARCHAR(40) NOT NULL,
    filter_json VARCHAR(2000) NOT NULL,
    subject_en  VARCHAR(200) NOT NULL,
    subject_fr  VARCHAR(200) NOT NULL,
    body_en     VARCHAR(20000) NOT NULL,
    body_fr     VARCHAR(20000) NOT NULL,
    status      VARCHAR(16) NOT NULL,
    created_by  VARCHAR(64) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE campaign_message (
    campaign_id UUID NOT NULL REFERENCES campaign (id),
    subject_id  UUID NOT NULL,
    status      VARCHAR(16) NOT NULL,
    reason      VARCHAR(40),
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (campaign_id, subject_id)
);
CREATE INDEX campaign_message_status ON campaign_message (campaign_id, status);
