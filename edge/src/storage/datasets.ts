import type { DatasetState } from "../../../shared/api/index.js";
import type { Findings, SamplerSettings } from "./generations.js";

export interface DatasetSettings extends SamplerSettings {
  samplesPerReport: number;
  reportCount: number;
  /**
   * "reports" = listed by the partner, "spec" = synthesised from a label distribution,
   * "phantom" = simulated films (reportCount = total; each film's report arrives with its upload).
   */
  source: "reports" | "spec" | "phantom";
}

export interface Dataset {
  id: string;
  partnerId: string;
  status: DatasetState;
  total: number;
  done: number;
  failed: number;
  settings: DatasetSettings;
  costCredits: number;
  webhookUrl: string | null;
  jobId: string | null;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  completedAt: string | null;
}

interface DatasetRow {
  id: string;
  partner_id: string;
  status: DatasetState;
  total: number;
  done: number;
  failed: number;
  settings: string;
  cost_credits: number;
  webhook_url: string | null;
  job_id: string | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  completed_at: string | null;
}

function toDataset(row: DatasetRow): Dataset {
  return {
    id: row.id,
    partnerId: row.partner_id,
    status: row.status,
    total: row.total,
    done: row.done,
    failed: row.failed,
    settings: JSON.parse(row.settings) as DatasetSettings,
    costCredits: row.cost_credits,
    webhookUrl: row.webhook_url,
    jobId: row.job_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    completedAt: row.completed_at,
  };
}

export interface DatasetReport {
  reportIndex: number;
  text: string;
  findings: Findings;
}

/** D1 binds at most 100 parameters per statement: 4 per row → 25 rows per INSERT. */
const REPORT_ROWS_PER_STATEMENT = 25;

export async function insertDataset(db: D1Database, d: Dataset, reports: DatasetReport[]): Promise<void> {
  const statements: D1PreparedStatement[] = [
    db
      .prepare(
        `INSERT INTO datasets (id, partner_id, status, total, done, failed, settings, cost_credits, webhook_url, job_id, created_at, updated_at, started_at, completed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(d.id, d.partnerId, d.status, d.total, d.done, d.failed, JSON.stringify(d.settings), d.costCredits, d.webhookUrl, d.jobId, d.createdAt, d.updatedAt, d.startedAt, d.completedAt),
  ];
  for (let i = 0; i < reports.length; i += REPORT_ROWS_PER_STATEMENT) {
    const chunk = reports.slice(i, i + REPORT_ROWS_PER_STATEMENT);
    statements.push(
      db
        .prepare(`INSERT INTO dataset_reports (dataset_id, report_index, report_text, findings) VALUES ${chunk.map(() => "(?, ?, ?, ?)").join(", ")}`)
        .bind(...chunk.flatMap((r) => [d.id, r.reportIndex, r.text, JSON.stringify(r.findings)])),
    );
  }
  await db.batch(statements);
}

export async function getDataset(db: D1Database, id: string): Promise<Dataset | null> {
  const row = await db.prepare("SELECT * FROM datasets WHERE id = ?").bind(id).first<DatasetRow>();
  return row ? toDataset(row) : null;
}

export async function listDatasets(db: D1Database, partnerId: string, limit: number): Promise<Dataset[]> {
  const { results } = await db.prepare("SELECT * FROM datasets WHERE partner_id = ? ORDER BY created_at DESC LIMIT ?").bind(partnerId, limit).all<DatasetRow>();
  return results.map(toDataset);
}

export async function getDatasetReport(db: D1Database, datasetId: string, reportIndex: number): Promise<DatasetReport | null> {
  const row = await db
    .prepare("SELECT report_index, report_text, findings FROM dataset_reports WHERE dataset_id = ? AND report_index = ?")
    .bind(datasetId, reportIndex)
    .first<{ report_index: number; report_text: string; findings: string }>();
  return row ? { reportIndex: row.report_index, text: row.report_text, findings: JSON.parse(row.findings) as Findings } : null;
}

/** Reports [from, from + limit) in order, for manifests and job inputs (paged so memory stays flat). */
export async function pageDatasetReports(db: D1Database, datasetId: string, from: number, limit: number): Promise<DatasetReport[]> {
  const { results } = await db
    .prepare("SELECT report_index, report_text, findings FROM dataset_reports WHERE dataset_id = ? AND report_index >= ? ORDER BY report_index LIMIT ?")
    .bind(datasetId, from, limit)
    .all<{ report_index: number; report_text: string; findings: string }>();
  return results.map((row) => ({ reportIndex: row.report_index, text: row.report_text, findings: JSON.parse(row.findings) as Findings }));
}

/** Records the report a simulated film arrived with; the first upload wins (retries carry the same text). */
export async function putDatasetReportOnce(db: D1Database, datasetId: string, report: DatasetReport): Promise<void> {
  await db
    .prepare("INSERT OR IGNORE INTO dataset_reports (dataset_id, report_index, report_text, findings) VALUES (?, ?, ?, ?)")
    .bind(datasetId, report.reportIndex, report.text, JSON.stringify(report.findings))
    .run();
}

/** Reports with index in [from, to), for manifests of orders whose reports arrive out of order. */
export async function datasetReportsInRange(db: D1Database, datasetId: string, from: number, to: number): Promise<DatasetReport[]> {
  const { results } = await db
    .prepare("SELECT report_index, report_text, findings FROM dataset_reports WHERE dataset_id = ? AND report_index >= ? AND report_index < ? ORDER BY report_index")
    .bind(datasetId, from, to)
    .all<{ report_index: number; report_text: string; findings: string }>();
  return results.map((row) => ({ reportIndex: row.report_index, text: row.report_text, findings: JSON.parse(row.findings) as Findings }));
}

export async function transitionDataset(
  db: D1Database,
  id: string,
  from: readonly DatasetState[],
  to: DatasetState,
  at: string,
  extra: { jobId?: string } = {},
): Promise<boolean> {
  const placeholders = from.map(() => "?").join(", ");
  const terminal = to === "succeeded" || to === "failed" || to === "cancelled";
  const result = await db
    .prepare(
      `UPDATE datasets SET status = ?, updated_at = ?, job_id = COALESCE(?, job_id),
         started_at = CASE WHEN ? = 'running' THEN COALESCE(started_at, ?) ELSE started_at END,
         completed_at = CASE WHEN ? THEN ? ELSE completed_at END
       WHERE id = ? AND status IN (${placeholders})`,
    )
    .bind(to, at, extra.jobId ?? null, to, at, terminal ? 1 : 0, at, id, ...from)
    .run();
  return result.meta.changes > 0;
}

/** Adds finished / failed images to the progress counters. */
export async function addDatasetProgress(db: D1Database, id: string, done: number, failed: number, at: string): Promise<Dataset | null> {
  await db
    .prepare("UPDATE datasets SET done = done + ?, failed = failed + ?, updated_at = ?, started_at = COALESCE(started_at, ?) WHERE id = ?")
    .bind(done, failed, at, at, id)
    .run();
  return getDataset(db, id);
}
