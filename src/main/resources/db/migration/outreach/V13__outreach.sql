-- outreach: the suppression list. Addresses that must never be written to (a bounce, a complaint, a
-- request from someone who is not in the CRM), kept only as the keyed digest the email blind index uses.
CREATE TABLE suppression (
    email_digest VARCHAR(64) PRIMARY KEY,
    reason       VARCHAR(16) NOT NULL,
    added_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    added_by     VARCHAR(64) NOT NULL
);
