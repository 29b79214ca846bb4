/** Internal API signatures already accepted, kept until they would be stale anyway. */
export async function rememberSignature(db: D1Database, signature: string, expiresAt: number, now: number): Promise<boolean> {
  const [, insert] = await db.batch([
    db.prepare("DELETE FROM seen_signatures WHERE expires_at < ?").bind(now),
    db.prepare("INSERT OR IGNORE INTO seen_signatures (signature, expires_at) VALUES (?, ?)").bind(signature, expiresAt),
  ]);
  return (insert?.meta.changes ?? 0) > 0;
}

export async function signatureSeen(db: D1Database, signature: string): Promise<boolean> {
  return (await db.prepare("SELECT 1 AS seen FROM seen_signatures WHERE signature = ?").bind(signature).first()) !== null;
}
