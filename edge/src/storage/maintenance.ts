/** Queries for the periodic reconciler (maintenance/reconcile.ts). */
export interface StalledWork {
  generations: string[];
  datasets: string[];
}

/** Queued work created before `before` whose job was never submitted (or never created). */
export async function findStalledWork(db: D1Database, before: string, limit: number): Promise<StalledWork> {
  const generations = await db
    .prepare(
      `SELECT g.id FROM generations g LEFT JOIN jobs j ON j.ref_id = g.id
       WHERE g.status = 'queued' AND g.created_at < ? AND (j.id IS NULL OR j.backend_job_id IS NULL) ORDER BY g.created_at LIMIT ?`,
    )
    .bind(before, limit)
    .all<{ id: string }>();
  const datasets = await db
    .prepare(
      `SELECT d.id FROM datasets d LEFT JOIN jobs j ON j.ref_id = d.id
       WHERE d.status = 'queued' AND d.created_at < ? AND (j.id IS NULL OR j.backend_job_id IS NULL) ORDER BY d.created_at LIMIT ?`,
    )
    .bind(before, limit)
    .all<{ id: string }>();
  return { generations: generations.results.map((r) => r.id), datasets: datasets.results.map((r) => r.id) };
}

export async function pruneIdempotencyKeys(db: D1Database, before: string): Promise<void> {
  await db.prepare("DELETE FROM idempotency_keys WHERE created_at < ?").bind(before).run();
}

export async function pruneSeenSignatures(db: D1Database, now: number): Promise<void> {
  await db.prepare("DELETE FROM seen_signatures WHERE expires_at < ?").bind(now).run();
}
