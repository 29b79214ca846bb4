/** Batch jobs the edge submitted, the images each produced, and the job events already applied. */
export type JobRefKind = "generation" | "dataset";
export type JobStatus = "created" | "submitted" | "running" | "succeeded" | "failed" | "cancelled";

export interface Job {
  id: string;
  refKind: JobRefKind;
  refId: string;
  owner: string;
  status: JobStatus;
  arraySize: number;
  backendJobId: string | null;
  submitAttempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

interface JobRow {
  id: string;
  ref_kind: JobRefKind;
  ref_id: string;
  owner: string;
  status: JobStatus;
  array_size: number;
  backend_job_id: string | null;
  submit_attempts: number;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

function toJob(row: JobRow): Job {
  return {
    id: row.id,
    refKind: row.ref_kind,
    refId: row.ref_id,
    owner: row.owner,
    status: row.status,
    arraySize: row.array_size,
    backendJobId: row.backend_job_id,
    submitAttempts: row.submit_attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The job id of a generation or dataset is derived from it, so a redelivered message finds the same job. */
export function jobIdFor(refId: string): string {
  return `job_${refId}`;
}

/** Creates the job once (ref_id is unique) and returns the stored row, new or existing. */
export async function ensureJob(
  db: D1Database,
  job: { refKind: JobRefKind; refId: string; owner: string; arraySize: number; at: string },
): Promise<Job> {
  const id = jobIdFor(job.refId);
  await db
    .prepare("INSERT OR IGNORE INTO jobs (id, ref_kind, ref_id, owner, status, array_size, created_at, updated_at) VALUES (?, ?, ?, ?, 'created', ?, ?, ?)")
    .bind(id, job.refKind, job.refId, job.owner, job.arraySize, job.at, job.at)
    .run();
  const stored = await getJob(db, id);
  if (!stored) throw new Error(`job ${id} vanished right after insert`);
  return stored;
}

export async function getJob(db: D1Database, id: string): Promise<Job | null> {
  const row = await db.prepare("SELECT * FROM jobs WHERE id = ?").bind(id).first<JobRow>();
  return row ? toJob(row) : null;
}

export async function markJobSubmitted(db: D1Database, id: string, backendJobId: string, at: string): Promise<void> {
  await db
    .prepare("UPDATE jobs SET status = CASE WHEN status = 'created' THEN 'submitted' ELSE status END, backend_job_id = ?, submit_attempts = submit_attempts + 1, updated_at = ? WHERE id = ?")
    .bind(backendJobId, at, id)
    .run();
}

export async function recordSubmitFailure(db: D1Database, id: string, error: string, at: string): Promise<void> {
  await db.prepare("UPDATE jobs SET submit_attempts = submit_attempts + 1, last_error = ?, updated_at = ? WHERE id = ?").bind(error, at, id).run();
}

export async function setJobStatus(db: D1Database, id: string, from: readonly JobStatus[], to: JobStatus, at: string): Promise<boolean> {
  const placeholders = from.map(() => "?").join(", ");
  const result = await db
    .prepare(`UPDATE jobs SET status = ?, updated_at = ? WHERE id = ? AND status IN (${placeholders})`)
    .bind(to, at, id, ...from)
    .run();
  return result.meta.changes > 0;
}

export interface JobItem {
  itemIndex: number;
  reportIndex: number;
  sampleIndex: number;
  seed: number;
  contentKey: string;
  status: "pending" | "done" | "failed";
  formatsDone: string[];
  quality: Record<string, number> | null;
}

interface JobItemRow {
  item_index: number;
  report_index: number;
  sample_index: number;
  seed: number;
  content_key: string;
  status: JobItem["status"];
  formats_done: string;
  quality: string | null;
}

function toItem(row: JobItemRow): JobItem {
  return {
    itemIndex: row.item_index,
    reportIndex: row.report_index,
    sampleIndex: row.sample_index,
    seed: row.seed,
    contentKey: row.content_key,
    status: row.status,
    formatsDone: JSON.parse(row.formats_done) as string[],
    quality: row.quality ? (JSON.parse(row.quality) as Record<string, number>) : null,
  };
}

export async function getJobItem(db: D1Database, jobId: string, itemIndex: number): Promise<JobItem | null> {
  const row = await db.prepare("SELECT * FROM job_items WHERE job_id = ? AND item_index = ?").bind(jobId, itemIndex).first<JobItemRow>();
  return row ? toItem(row) : null;
}

export async function pageJobItems(db: D1Database, jobId: string, from: number, limit: number): Promise<JobItem[]> {
  const { results } = await db
    .prepare("SELECT * FROM job_items WHERE job_id = ? AND item_index >= ? ORDER BY item_index LIMIT ?")
    .bind(jobId, from, limit)
    .all<JobItemRow>();
  return results.map(toItem);
}

export async function ensureJobItem(db: D1Database, jobId: string, item: Omit<JobItem, "status" | "formatsDone" | "quality">): Promise<void> {
  await db
    .prepare("INSERT OR IGNORE INTO job_items (job_id, item_index, report_index, sample_index, seed, content_key) VALUES (?, ?, ?, ?, ?, ?)")
    .bind(jobId, item.itemIndex, item.reportIndex, item.sampleIndex, item.seed, item.contentKey)
    .run();
}

/** Records one uploaded format of an item; returns the item as stored afterwards. */
export async function addItemFormat(db: D1Database, jobId: string, itemIndex: number, format: string, quality: Record<string, number> | null): Promise<JobItem | null> {
  await db
    .prepare(
      `UPDATE job_items SET
         formats_done = CASE WHEN EXISTS (SELECT 1 FROM json_each(formats_done) WHERE value = ?1) THEN formats_done ELSE json_insert(formats_done, '$[#]', ?1) END,
         quality = COALESCE(?2, quality)
       WHERE job_id = ?3 AND item_index = ?4`,
    )
    .bind(format, quality ? JSON.stringify(quality) : null, jobId, itemIndex)
    .run();
  return getJobItem(db, jobId, itemIndex);
}

/** pending|failed → done exactly once; returns the previous status when this call made the change. */
export async function completeItem(db: D1Database, jobId: string, itemIndex: number): Promise<"pending" | "failed" | null> {
  const before = await db.prepare("SELECT status FROM job_items WHERE job_id = ? AND item_index = ?").bind(jobId, itemIndex).first<{ status: string }>();
  if (!before || before.status === "done") return null;
  const result = await db
    .prepare("UPDATE job_items SET status = 'done' WHERE job_id = ? AND item_index = ? AND status = ?")
    .bind(jobId, itemIndex, before.status)
    .run();
  return result.meta.changes > 0 ? (before.status as "pending" | "failed") : null;
}

/**
 * Marks items [start, end) that have not finished as failed (a shard gave up). Missing rows are
 * created as failed with an empty key. Returns how many items changed to failed.
 */
export async function failItemRange(db: D1Database, jobId: string, start: number, end: number, samplesPerReport: number): Promise<number> {
  if (end <= start) return 0;
  const [insert, update] = await db.batch([
    db
      .prepare(
        `WITH RECURSIVE seq(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < ?2)
         INSERT OR IGNORE INTO job_items (job_id, item_index, report_index, sample_index, seed, content_key, status)
         SELECT ?3, i, i / ?4, i % ?4, 0, '', 'failed' FROM seq`,
      )
      .bind(start, end, jobId, samplesPerReport),
    db
      .prepare("UPDATE job_items SET status = 'failed' WHERE job_id = ? AND item_index >= ? AND item_index < ? AND status = 'pending'")
      .bind(jobId, start, end),
  ]);
  return (insert?.meta.changes ?? 0) + (update?.meta.changes ?? 0);
}

/** Stores an event once; false when (job, shard, attempt, seq) was already applied. */
export async function recordJobEvent(
  db: D1Database,
  event: { jobId: string; shardIndex: number; attempt: number; seq: number; type: string; body: string; at: string },
): Promise<boolean> {
  const result = await db
    .prepare("INSERT OR IGNORE INTO job_events (job_id, shard_index, attempt, seq, type, body, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
    .bind(event.jobId, event.shardIndex, event.attempt, event.seq, event.type, event.body, event.at)
    .run();
  return result.meta.changes > 0;
}
