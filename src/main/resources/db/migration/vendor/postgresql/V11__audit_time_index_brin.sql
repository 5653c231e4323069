-- audit: entries are appended in time order, so a BRIN index finds a time range as well as a b-tree
-- while costing almost nothing per append (every read appends an entry).
DROP INDEX audit_entry_at;
CREATE INDEX audit_entry_at ON audit_entry USING brin (at);
