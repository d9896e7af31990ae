-- The staff workspace: accounts, sessions, the audit trail and uploads in progress.
-- Times are whole seconds since 1970-01-01 UTC. Keep in step with
-- migrations/postgres/0001_staff.sql: the same tables, columns and meanings.

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    -- Office codes of protocol.toml's [offices], separated by spaces.
    offices TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    -- 1 while the password is a one-time password that must be replaced.
    must_change BIGINT NOT NULL DEFAULT 1,
    disabled BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE sessions (
    -- sha256 of the cookie's token: a stolen database names no live session.
    token_hash TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    csrf TEXT NOT NULL,
    address TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen BIGINT NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

-- Append-only: each row carries the hash of the row before it.
CREATE TABLE audit (
    seq BIGINT PRIMARY KEY,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    address TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    outcome TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_action_at ON audit (action, at);

CREATE TABLE uploads (
    id TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    pipeline TEXT NOT NULL,
    period TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    -- receiving, checking, checked, rejected, failed, published, unchanged, abandoned
    status TEXT NOT NULL,
    -- JSON: [{"name": as uploaded, "stored": our name, "sha256", "bytes"}]
    files TEXT NOT NULL DEFAULT '[]',
    dataset TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL DEFAULT 0,
    rows_read BIGINT NOT NULL DEFAULT 0,
    rows_valid BIGINT NOT NULL DEFAULT 0,
    error_count BIGINT NOT NULL DEFAULT 0,
    warning_count BIGINT NOT NULL DEFAULT 0,
    message TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX uploads_status ON uploads (status, updated_at);
