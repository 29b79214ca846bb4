-- Generations, datasets, their items, batch jobs, ingested images, webhooks, dead letters.
CREATE TABLE IF NOT EXISTS images (
  content_key TEXT NOT NULL,
  format TEXT NOT NULL CHECK (format IN ('png', 'dicom')),
  r2_key TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  quality TEXT,
  model_version TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (content_key, format)
);

CREATE TABLE IF NOT EXISTS generations (
  id TEXT PRIMARY KEY,
  -- partner id, or 'demo' for the public demo.
  owner TEXT NOT NULL,
  status TEXT NOT NULL,
  cached INTEGER NOT NULL DEFAULT 0,
  content_key TEXT NOT NULL,
  -- Canonical report text (PHI-free: requests with PHI are rejected before anything is stored).
  report_text TEXT NOT NULL,
  findings TEXT NOT NULL,
  settings TEXT NOT NULL,
  job_id TEXT,
  error_code TEXT,
  error_message TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS generations_owner ON generations (owner, created_at);

CREATE TABLE IF NOT EXISTS datasets (
  id TEXT PRIMARY KEY,
  partner_id TEXT NOT NULL,
  status TEXT NOT NULL,
  total INTEGER NOT NULL,
  done INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  settings TEXT NOT NULL,
  cost_credits INTEGER NOT NULL,
  webhook_url TEXT,
  job_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  started_at TEXT,
  completed_at TEXT
);
CREATE INDEX IF NOT EXISTS datasets_partner ON datasets (partner_id, created_at);

-- The reports of a dataset, one row per report (samples are derived from samplesPerReport).
CREATE TABLE IF NOT EXISTS dataset_reports (
  dataset_id TEXT NOT NULL,
  report_index INTEGER NOT NULL,
  report_text TEXT NOT NULL,
  findings TEXT NOT NULL,
  PRIMARY KEY (dataset_id, report_index)
);

-- One row per image a job must produce (generation: item 0; dataset: report × sample).
CREATE TABLE IF NOT EXISTS job_items (
  job_id TEXT NOT NULL,
  item_index INTEGER NOT NULL,
  report_index INTEGER NOT NULL,
  sample_index INTEGER NOT NULL,
  seed INTEGER NOT NULL,
  content_key TEXT NOT NULL,
  -- pending | done | failed; formats_done counts uploaded formats.
  status TEXT NOT NULL DEFAULT 'pending',
  formats_done TEXT NOT NULL DEFAULT '[]',
  quality TEXT,
  PRIMARY KEY (job_id, item_index)
);

CREATE TABLE IF NOT EXISTS jobs (
  id TEXT PRIMARY KEY,
  -- 'generation' or 'dataset'; ref_id is the generation / dataset id.
  ref_kind TEXT NOT NULL,
  ref_id TEXT NOT NULL UNIQUE,
  owner TEXT NOT NULL,
  status TEXT NOT NULL,
  array_size INTEGER NOT NULL,
  backend_job_id TEXT,
  submit_attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Job events already applied: (job, shard, attempt, seq) identifies one (shared/jobs/events.ts).
CREATE TABLE IF NOT EXISTS job_events (
  job_id TEXT NOT NULL,
  shard_index INTEGER NOT NULL,
  attempt INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  body TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (job_id, shard_index, attempt, seq)
);

-- Internal API signatures already accepted (replay protection until they go stale).
CREATE TABLE IF NOT EXISTS seen_signatures (
  signature TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS webhook_deliveries (
  id TEXT PRIMARY KEY,
  partner_id TEXT NOT NULL,
  dataset_id TEXT NOT NULL UNIQUE,
  url TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_status INTEGER,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS dead_letters (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  message_id TEXT NOT NULL,
  body TEXT NOT NULL,
  reason TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
