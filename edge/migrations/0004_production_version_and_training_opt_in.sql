-- The production model version the edge generates with, per model name, announced by the batch
-- side after a promotion or rollback (PUT /internal/v1/models/:name/production). No row: the
-- deployed MODEL_VERSION (wrangler.toml) is served.
CREATE TABLE IF NOT EXISTS production_versions (
  model_name TEXT PRIMARY KEY,
  version TEXT NOT NULL,
  -- The version served before this one (NULL: the deployed default).
  previous_version TEXT,
  updated_at TEXT NOT NULL
);

-- A partner's consent to have the canonical texts of its reports used as fine-tune prompts.
-- Off by default; only the partner changes it (PATCH /v1/partner).
ALTER TABLE partners ADD COLUMN training_opt_in INTEGER NOT NULL DEFAULT 0 CHECK (training_opt_in IN (0, 1));
ALTER TABLE partners ADD COLUMN training_opt_in_changed_at TEXT;
