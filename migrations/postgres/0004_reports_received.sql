-- The public list pages reports newest first. Keep in step with
-- migrations/sqlite/0004_reports_received.sql.
CREATE INDEX reports_received ON reports (received_at, id);
