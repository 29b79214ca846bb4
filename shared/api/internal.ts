/**
 * The model and training part of the internal API (batch side → edge, every call signed with
 * shared/crypto/request-signature.ts): announcing the production version the edge generates with,
 * and exporting opted-in partners' reports as fine-tune prompts.
 */
import { z } from "zod";
import { modelVersionSchema } from "../model/model-ref.js";

/** PUT target of a production announcement for model `name`. */
export function productionVersionPath(name: string): string {
  return `/internal/v1/models/${encodeURIComponent(name)}/production`;
}

/**
 * Body of PUT /internal/v1/models/:name/production. `previous` is the version the caller believes
 * the edge serves now (compare-and-swap); `null` means "nothing announced yet" (the edge serves its
 * deployed MODEL_VERSION); leaving it out skips the check (an operator's re-sync).
 */
export const productionAnnouncementSchema = z
  .object({ version: modelVersionSchema, previous: modelVersionSchema.nullable().optional() })
  .strict();
export type ProductionAnnouncement = z.infer<typeof productionAnnouncementSchema>;

/** What the edge answers about a model's production version. */
export interface ProductionVersionView {
  name: string;
  version: string;
  /** "announced": set through the internal API; "deployed": the MODEL_VERSION of wrangler.toml. */
  source: "announced" | "deployed";
  /** The version served before the last announcement (null when none is known). */
  previous: string | null;
  updatedAt: string | null;
}

/** The edge's stable code when `previous` does not match what it serves. */
export const PRODUCTION_CONFLICT_CODE = "production_version_conflict";

export const TRAINING_REPORTS_PATH = "/internal/v1/training/reports.jsonl";
/** Most report texts one export answers with. */
export const MAX_TRAINING_REPORTS = 10_000;

/** One line of the training export: the canonical text of a report an opted-in partner sent. */
export const trainingReportLineSchema = z.object({ text: z.string().min(1).max(20_000) }).strict();
export type TrainingReportLine = z.infer<typeof trainingReportLineSchema>;
