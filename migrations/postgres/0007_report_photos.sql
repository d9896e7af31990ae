-- Report photos: the kept JPEG lives in <state>/photos/<report id>.jpg; the row says
-- whether the public may see it. Keep in step with migrations/sqlite/0007_report_photos.sql.
-- none, pending (waiting for a moderator), approved, rejected
ALTER TABLE reports ADD COLUMN photo TEXT NOT NULL DEFAULT 'none';
-- Why a moderator rejected the photo (personal_data, abusive, off_topic, spam, duplicate).
ALTER TABLE reports ADD COLUMN photo_reason TEXT NOT NULL DEFAULT '';
-- The kept JPEG's size in pixels, for the page's width and height attributes.
ALTER TABLE reports ADD COLUMN photo_width BIGINT NOT NULL DEFAULT 0;
ALTER TABLE reports ADD COLUMN photo_height BIGINT NOT NULL DEFAULT 0;
