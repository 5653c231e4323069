-- Blind indexes by value (index: exact / each in the data map): their kind names the field ("v:language",
-- "v:tags"), longer than the first kinds.
ALTER TABLE blind_index ALTER COLUMN kind SET DATA TYPE VARCHAR(40);

-- Which kinds of blind index hold every person: a kind the data map declares and this table lacks is built
-- at start-up from the vault (BlindIndexBuild), for the persons stored before it was declared.
CREATE TABLE blind_index_built (
    kind     VARCHAR(40) PRIMARY KEY,
    built_at TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO blind_index_built (kind, built_at) VALUES
    ('email', CURRENT_TIMESTAMP), ('phone', CURRENT_TIMESTAMP), ('name3', CURRENT_TIMESTAMP),
    ('name5', CURRENT_TIMESTAMP), ('org', CURRENT_TIMESTAMP);
