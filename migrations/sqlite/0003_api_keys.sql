-- API keys for programs that file reports (Open311 POST): an SMS or USSD gateway, a
-- call-centre tool, a kiosk. Only the key's sha256 is kept. Keep in step with
-- migrations/postgres/0003_api_keys.sql.
CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY,
    key_hash TEXT NOT NULL UNIQUE,
    -- What uses it: "SMS gateway", "Kiosk at the market".
    label TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
