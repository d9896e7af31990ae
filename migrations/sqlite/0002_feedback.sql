-- Citizen feedback: reports, their history, followers. Keep in step with
-- migrations/postgres/0002_feedback.sql. Personal fields (name, contact, the exact place
-- of an anonymous report) never leave this database: the published `feedback` datasets
-- are exported from the public columns only.

CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    -- MLM-2026-000123, set from the id once the row exists.
    reference TEXT NOT NULL UNIQUE,
    -- sha256 of the private tracking link's token.
    token_hash TEXT NOT NULL UNIQUE,
    category TEXT NOT NULL,
    -- The office responsible now (a referral changes it).
    office TEXT NOT NULL,
    status TEXT NOT NULL,
    -- web, open311, counter, phone, desk, sms
    channel TEXT NOT NULL,
    text_original TEXT NOT NULL,
    -- The moderated text shown to the public; empty until published.
    text_public TEXT NOT NULL DEFAULT '',
    moderation_reason TEXT NOT NULL DEFAULT '',
    project_id TEXT NOT NULL DEFAULT '',
    ward TEXT NOT NULL DEFAULT '',
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    reporter_name TEXT NOT NULL DEFAULT '',
    reporter_contact TEXT NOT NULL DEFAULT '',
    duplicate_of BIGINT,
    -- The staff account that took it on someone's behalf (counter, phone, desk).
    taken_by BIGINT,
    received_at BIGINT NOT NULL,
    acknowledged_at BIGINT,
    resolved_at BIGINT,
    updated_at BIGINT NOT NULL
);
CREATE INDEX reports_status ON reports (status, category);
CREATE INDEX reports_office ON reports (office, status);
CREATE INDEX reports_place ON reports (lat, lon);
CREATE INDEX reports_project ON reports (project_id);

-- The history: status changes, responses, added information, referrals, moderation.
CREATE TABLE report_events (
    id INTEGER PRIMARY KEY,
    report_id BIGINT NOT NULL REFERENCES reports (id),
    at BIGINT NOT NULL,
    -- status, response, info, referral, moderation
    kind TEXT NOT NULL,
    status_from TEXT NOT NULL DEFAULT '',
    status_to TEXT NOT NULL DEFAULT '',
    -- The office acting, shown publicly instead of the officer's name.
    office TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    -- 1 when shown on the public record.
    public BIGINT NOT NULL DEFAULT 1,
    -- The staff account that acted, if any (kept in the audit trail too).
    account_id BIGINT
);
CREATE INDEX report_events_report ON report_events (report_id, at);

-- People who follow a report (the reporter, and anyone who chose "follow this one").
CREATE TABLE report_followers (
    report_id BIGINT NOT NULL REFERENCES reports (id),
    token_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (report_id, token_hash)
);
