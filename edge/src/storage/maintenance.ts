/** Queries for the periodic reconciler (maintenance/reconcile.ts). */
export interface StalledWork {
  generations: string[];
  datasets: string[];
}

/** Queued work created before `before` whose job was never submitted (or never created). */
export async function findStalledWork(db: D1Database, before: string, limit: number): Promise<StalledWork> {
  return {
    generations: await stalledIds(db, "generations", before, limit),
    datasets: await stalledIds(db, "datasets", before, limit),
  };
}

// `table` is one of two constants above, never input, so interpolating it is safe.
async function stalledIds(db: D1Database, table: "generations" | "datasets", before: string, limit: number): Promise<string[]> {
  const rows = await db
    .prepare(
      `SELECT t.id FROM ${table} t LEFT JOIN jobs j ON j.ref_id = t.id
       WHERE t.status = 'queued' AND t.created_at < ? AND (j.id IS NULL OR j.backend_job_id IS NULL) ORDER BY t.created_at LIMIT ?`,
    )
    .bind(before, limit)
    .all<{ id: string }>();
  return rows.results.map((r) => r.id);
}

export async function pruneIdempotencyKeys(db: D1Database, before: string): Promise<void> {
  await db.prepare("DELETE FROM idempotency_keys WHERE created_at < ?").bind(before).run();
}

export async function pruneSeenSignatures(db: D1Database, now: number): Promise<void> {
  await db.prepare("DELETE FROM seen_signatures WHERE expires_at < ?").bind(now).run();
}
