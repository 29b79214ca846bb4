/** Stored responses for Idempotency-Key: the first request's answer is replayed to retries. */
export type IdempotencyClaim =
  | { state: "new" }
  | { state: "in_progress" }
  | { state: "mismatch" }
  | { state: "done"; status: number; body: string };

export async function claimIdempotencyKey(
  db: D1Database,
  owner: string,
  key: string,
  requestHash: string,
  at: string,
): Promise<IdempotencyClaim> {
  const insert = await db
    .prepare("INSERT OR IGNORE INTO idempotency_keys (owner, key, request_hash, created_at) VALUES (?, ?, ?, ?)")
    .bind(owner, key, requestHash, at)
    .run();
  if (insert.meta.changes > 0) return { state: "new" };
  const row = await db
    .prepare("SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE owner = ? AND key = ?")
    .bind(owner, key)
    .first<{ request_hash: string; response_status: number | null; response_body: string | null }>();
  if (!row) return { state: "in_progress" };
  if (row.request_hash !== requestHash) return { state: "mismatch" };
  if (row.response_status === null || row.response_body === null) return { state: "in_progress" };
  return { state: "done", status: row.response_status, body: row.response_body };
}

export async function completeIdempotencyKey(db: D1Database, owner: string, key: string, status: number, body: string): Promise<void> {
  await db
    .prepare("UPDATE idempotency_keys SET response_status = ?, response_body = ? WHERE owner = ? AND key = ?")
    .bind(status, body, owner, key)
    .run();
}

/** Forgets a claim whose request failed, so the client may retry with the same key. */
export async function releaseIdempotencyKey(db: D1Database, owner: string, key: string): Promise<void> {
  await db.prepare("DELETE FROM idempotency_keys WHERE owner = ? AND key = ? AND response_status IS NULL").bind(owner, key).run();
}
