-- outreach: a person's campaign messages found by person. Erasing a person deletes them (SubjectErased);
-- the primary key starts with the campaign, so without this index every erasure read the whole table,
-- which grows by every campaign's audience (GDPR Art. 17(1): "without undue delay").
CREATE INDEX campaign_message_subject ON campaign_message (subject_id);
