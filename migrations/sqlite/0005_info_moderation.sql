-- Information a reporter adds is moderated like the report: it waits private (public = 0,
-- moderation = '') until a moderator publishes it as sent ('published'), publishes an
-- edited text ('edited': this row, the original, stays private, and the edited text is
-- a new public row) or keeps it private ('kept_private'), with a reason from the closed
-- list. Keep in step with migrations/postgres/0005_info_moderation.sql.
ALTER TABLE report_events ADD COLUMN moderation TEXT NOT NULL DEFAULT '';
ALTER TABLE report_events ADD COLUMN moderation_reason TEXT NOT NULL DEFAULT '';
CREATE INDEX report_events_waiting ON report_events (kind, public, moderation);
