-- Service metadata: lets /health prove that D1 is reachable and migrated.
CREATE TABLE IF NOT EXISTS service_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
INSERT OR IGNORE INTO service_meta (key, value) VALUES ('schema', 'cxr-synth');
