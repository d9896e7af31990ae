-- Assisted triage: what the assistant suggested for each report when it was filed, and
-- what a person (or, when protocol.toml allows it, the assistant) decided. Keep in step
-- with migrations/postgres/0008_report_triage.sql.
CREATE TABLE report_triage (
    report_id BIGINT PRIMARY KEY REFERENCES reports (id),
    -- The model's version (model-NNNN.json); 0 when no model was trained yet.
    model BIGINT NOT NULL,
    -- The suggested category and office and the model's confidence; '' without a model.
    category TEXT NOT NULL DEFAULT '',
    category_confidence DOUBLE PRECISION NOT NULL DEFAULT 0,
    office TEXT NOT NULL DEFAULT '',
    office_confidence DOUBLE PRECISION NOT NULL DEFAULT 0,
    -- en, sw, mixed, other
    language TEXT NOT NULL,
    language_confidence DOUBLE PRECISION NOT NULL DEFAULT 0,
    -- Possible duplicates as JSON: [{"id": 12, "score": 0.81, "metres": 40.5, "days": 3.2}]
    duplicates TEXT NOT NULL DEFAULT '[]',
    suggested_at BIGINT NOT NULL,
    -- '' (nobody decided yet), accepted, overridden, automatic
    decision TEXT NOT NULL DEFAULT '',
    -- The category chosen (the suggestion when accepted or automatic).
    chosen TEXT NOT NULL DEFAULT '',
    -- The staff account that decided (none when automatic).
    decided_by BIGINT,
    decided_at BIGINT
);
CREATE INDEX report_triage_decided ON report_triage (decided_at);
