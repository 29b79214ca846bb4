import type { ApiScope } from "../auth/principal.js";

export interface ApiKeyRecord {
  id: string;
  partnerId: string;
  prefix: string;
  secretHash: string;
  scopes: ApiScope[];
  label: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

interface ApiKeyRow {
  id: string;
  partner_id: string;
  prefix: string;
  secret_hash: string;
  scopes: string;
  label: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

function toRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    partnerId: row.partner_id,
    prefix: row.prefix,
    secretHash: row.secret_hash,
    scopes: JSON.parse(row.scopes) as ApiScope[],
    label: row.label,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export async function insertApiKey(db: D1Database, key: Omit<ApiKeyRecord, "lastUsedAt" | "revokedAt">): Promise<void> {
  await db
    .prepare("INSERT INTO api_keys (id, partner_id, prefix, secret_hash, scopes, label, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
    .bind(key.id, key.partnerId, key.prefix, key.secretHash, JSON.stringify(key.scopes), key.label, key.createdAt)
    .run();
}

export async function findApiKeyByPrefix(db: D1Database, prefix: string): Promise<ApiKeyRecord | null> {
  const row = await db.prepare("SELECT * FROM api_keys WHERE prefix = ?").bind(prefix).first<ApiKeyRow>();
  return row ? toRecord(row) : null;
}

export async function listApiKeys(db: D1Database, partnerId: string): Promise<ApiKeyRecord[]> {
  const { results } = await db.prepare("SELECT * FROM api_keys WHERE partner_id = ? ORDER BY created_at").bind(partnerId).all<ApiKeyRow>();
  return results.map(toRecord);
}

/** Records use at most once a minute per key, so hot keys do not write on every request. */
export async function touchApiKey(db: D1Database, id: string, at: string): Promise<void> {
  await db
    .prepare("UPDATE api_keys SET last_used_at = ?1 WHERE id = ?2 AND (last_used_at IS NULL OR last_used_at < strftime('%Y-%m-%dT%H:%M:%fZ', ?1, '-1 minute'))")
    .bind(at, id)
    .run();
}

export async function revokeApiKey(db: D1Database, partnerId: string, id: string, at: string): Promise<ApiKeyRecord | null> {
  await db.prepare("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? AND partner_id = ?").bind(at, id, partnerId).run();
  const row = await db.prepare("SELECT * FROM api_keys WHERE id = ? AND partner_id = ?").bind(id, partnerId).first<ApiKeyRow>();
  return row ? toRecord(row) : null;
}
