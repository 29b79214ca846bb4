-- Partners, their API keys, the usage ledger, credits and idempotency records.
CREATE TABLE IF NOT EXISTS partners (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  -- Prepaid credits left; an image costs credits (edge/src/billing/pricing.ts).
  credits INTEGER NOT NULL DEFAULT 0 CHECK (credits >= 0),
  -- Images allowed per calendar month (UTC); NULL = no quota.
  monthly_image_quota INTEGER,
  -- Secret for signing this partner's webhooks (shown once at creation).
  webhook_secret TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS api_keys (
  id TEXT PRIMARY KEY,
  partner_id TEXT NOT NULL REFERENCES partners(id),
  -- Public lookup part of the key (cxr_<prefix>_<secret>); the secret is stored only hashed.
  prefix TEXT NOT NULL UNIQUE,
  secret_hash TEXT NOT NULL,
  -- JSON array of scopes (generations, datasets, usage, billing).
  scopes TEXT NOT NULL,
  label TEXT,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
);
CREATE INDEX IF NOT EXISTS api_keys_partner ON api_keys (partner_id);

-- One row per billable image; event_key makes every charge idempotent.
CREATE TABLE IF NOT EXISTS usage_ledger (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  owner TEXT NOT NULL,
  event_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  images INTEGER NOT NULL,
  credits INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS usage_owner_time ON usage_ledger (owner, created_at);

-- Credit purchases (Stripe Checkout) and admin grants; external_id makes each apply once.
CREATE TABLE IF NOT EXISTS credit_grants (
  external_id TEXT PRIMARY KEY,
  partner_id TEXT NOT NULL,
  credits INTEGER NOT NULL,
  source TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS idempotency_keys (
  owner TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  -- NULL while the first request is still being processed.
  response_status INTEGER,
  response_body TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (owner, key)
);
