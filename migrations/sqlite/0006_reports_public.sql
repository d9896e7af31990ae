-- The public list (and the map, the CSV and Open311) reads published reports newest
-- first: this partial index holds only those, in that order, so a page of them is read
-- in order and counted from the index however many reports wait for moderation. The
-- condition must stay word for word the one `Feedback::condition` writes. Keep in step
-- with migrations/postgres/0006_reports_public.sql.
CREATE INDEX reports_public ON reports (received_at, id) WHERE status NOT IN ('submitted', 'rejected');
