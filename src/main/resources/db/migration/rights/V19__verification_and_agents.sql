-- rights: verification in proportion to the request (CCPA regs §7062: two data points, or three and a signed
-- declaration for specific pieces), and requests made by an authorised agent (§7063) with their proof of
-- permission. The declaration, the agent's name and address and the proof are sealed under the person's own data
-- key (so is a proposed correction, from this version on), and cleared with the request's record or when the
-- person is erased.
ALTER TABLE rights_request ADD COLUMN verification VARCHAR(24);
ALTER TABLE rights_request ADD COLUMN verification_attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE rights_request ADD COLUMN declaration BYTEA;
ALTER TABLE rights_request ADD COLUMN agent BYTEA;
ALTER TABLE rights_request ADD COLUMN agent_permission BYTEA;
ALTER TABLE rights_request ADD COLUMN agent_permission_type VARCHAR(32);
