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

export interface RunningWork {
  jobId: string;
  refKind: "generation" | "dataset";
  refId: string;
  backendJobId: string;
}

/** Submitted work whose generation or dataset has not settled, least recently updated job first. */
export async function findUnsettledSubmittedWork(db: D1Database, limit: number): Promise<RunningWork[]> {
  const rows = await db
    .prepare(
      `SELECT j.id, j.ref_kind, j.ref_id, j.backend_job_id FROM jobs j
         LEFT JOIN generations g ON j.ref_kind = 'generation' AND g.id = j.ref_id
         LEFT JOIN datasets d ON j.ref_kind = 'dataset' AND d.id = j.ref_id
       WHERE j.backend_job_id IS NOT NULL AND (g.status IN ('queued', 'running') OR d.status IN ('queued', 'running'))
       ORDER BY j.updated_at LIMIT ?`,
    )
    .bind(limit)
    .all<{ id: string; ref_kind: "generation" | "dataset"; ref_id: string; backend_job_id: string }>();
  return rows.results.map((r) => ({ jobId: r.id, refKind: r.ref_kind, refId: r.ref_id, backendJobId: r.backend_job_id }));
}

export async function pruneIdempotencyKeys(db: D1Database, before: string): Promise<void> {
  await db.prepare("DELETE FROM idempotency_keys WHERE created_at < ?").bind(before).run();
}

export async function pruneSeenSignatures(db: D1Database, now: number): Promise<void> {
  await db.prepare("DELETE FROM seen_signatures WHERE expires_at < ?").bind(now).run();
}
