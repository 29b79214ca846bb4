import type { GenerationState, OutputFormat } from "../../../shared/api/index.js";
import type { CanonicalReport, ChexpertValue, ViewInfo } from "../../../shared/report/index.js";

/** How an image is sampled; with the canonical report it determines the content key. */
export interface SamplerSettings {
  seed: number;
  steps: number;
  guidance: number;
  size: number;
  format: OutputFormat;
  modelVersion: string;
}

export interface GenerationSettings extends SamplerSettings {
  /** Credits taken when the request was accepted (refunded if it fails). */
  creditsReserved: number;
}

export interface Findings {
  labels: Record<string, ChexpertValue>;
  view: ViewInfo;
  canonical: CanonicalReport;
}

export interface Generation {
  id: string;
  owner: string;
  status: GenerationState;
  cached: boolean;
  contentKey: string;
  reportText: string;
  findings: Findings;
  settings: GenerationSettings;
  jobId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  createdAt: string;
  updatedAt: string;
}

interface GenerationRow {
  id: string;
  owner: string;
  status: GenerationState;
  cached: number;
  content_key: string;
  report_text: string;
  findings: string;
  settings: string;
  job_id: string | null;
  error_code: string | null;
  error_message: string | null;
  created_at: string;
  updated_at: string;
}

function toGeneration(row: GenerationRow): Generation {
  return {
    id: row.id,
    owner: row.owner,
    status: row.status,
    cached: row.cached === 1,
    contentKey: row.content_key,
    reportText: row.report_text,
    findings: JSON.parse(row.findings) as Findings,
    settings: JSON.parse(row.settings) as GenerationSettings,
    jobId: row.job_id,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function insertGeneration(db: D1Database, g: Generation): Promise<void> {
  await db
    .prepare(
      `INSERT INTO generations (id, owner, status, cached, content_key, report_text, findings, settings, job_id, error_code, error_message, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(g.id, g.owner, g.status, g.cached ? 1 : 0, g.contentKey, g.reportText, JSON.stringify(g.findings), JSON.stringify(g.settings), g.jobId, g.errorCode, g.errorMessage, g.createdAt, g.updatedAt)
    .run();
}

export async function getGeneration(db: D1Database, id: string): Promise<Generation | null> {
  const row = await db.prepare("SELECT * FROM generations WHERE id = ?").bind(id).first<GenerationRow>();
  return row ? toGeneration(row) : null;
}

/** Moves a generation forward; `from` guards against reordering (a late event never undoes a finish). */
export async function transitionGeneration(
  db: D1Database,
  id: string,
  from: readonly GenerationState[],
  to: GenerationState,
  at: string,
  extra: { jobId?: string; errorCode?: string; errorMessage?: string } = {},
): Promise<boolean> {
  const placeholders = from.map(() => "?").join(", ");
  const result = await db
    .prepare(
      `UPDATE generations SET status = ?, updated_at = ?, job_id = COALESCE(?, job_id), error_code = COALESCE(?, error_code), error_message = COALESCE(?, error_message)
       WHERE id = ? AND status IN (${placeholders})`,
    )
    .bind(to, at, extra.jobId ?? null, extra.errorCode ?? null, extra.errorMessage ?? null, id, ...from)
    .run();
  return result.meta.changes > 0;
}

export async function listGenerations(db: D1Database, owner: string, limit: number, before: string | null): Promise<Generation[]> {
  const { results } = await db
    .prepare("SELECT * FROM generations WHERE owner = ? AND (? IS NULL OR created_at < ?) ORDER BY created_at DESC LIMIT ?")
    .bind(owner, before, before, limit)
    .all<GenerationRow>();
  return results.map(toGeneration);
}
