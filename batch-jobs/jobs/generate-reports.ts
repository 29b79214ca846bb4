/**
 * The reports of a generate spec: inline, or a JSONL file ({"id","text"} per line) by URI —
 * https:// (the edge's signed reports.jsonl), file:/// or s3://.
 */
import { z } from "zod";
import type { GenerateSpec } from "../../shared/jobs/kinds.js";
import { formatIssues } from "../../shared/validation/format-issues.js";
import { ObjectStoreError } from "../storage/object-store.js";
import { openObjectUri } from "../storage/open-object-store.js";
import { JobError } from "./job-error.js";

const reportLineSchema = z.object({ id: z.string().min(1), text: z.string().min(1).max(20_000) });
export type SpecReport = z.infer<typeof reportLineSchema>;

export async function readSpecReports(spec: GenerateSpec, env: Record<string, string | undefined>, fetchImpl: typeof fetch = fetch): Promise<SpecReport[]> {
  if (spec.reports) return spec.reports;
  const uri = spec.reportsUri!;
  const text = /^https?:\/\//.test(uri) ? await fetchText(uri, fetchImpl) : await readObject(uri, env);
  const reports: SpecReport[] = [];
  const problems: string[] = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.push(`line ${i + 1}: not JSON`);
      return;
    }
    const parsed = reportLineSchema.safeParse(value);
    if (parsed.success) reports.push(parsed.data);
    else problems.push(`line ${i + 1}: ${formatIssues(parsed.error, "(line)").join("; ")}`);
  });
  if (problems.length) throw new JobError("invalidSpec", "reports_invalid", `reportsUri holds invalid lines: ${problems.slice(0, 5).join(" | ")}${problems.length > 5 ? ` (+${problems.length - 5} more)` : ""}`);
  if (reports.length === 0) throw new JobError("invalidSpec", "reports_empty", "reportsUri holds no reports.");
  return reports;
}

async function fetchText(uri: string, fetchImpl: typeof fetch): Promise<string> {
  let res: Response;
  try {
    res = await fetchImpl(uri);
  } catch (err) {
    throw new JobError("transient", "reports_unreachable", `could not fetch the reports file: ${(err as Error).message}`, err);
  }
  if (res.status === 404) throw new JobError("inputMissing", "reports_not_found", "the reports file does not exist (404).");
  if (res.status >= 500 || res.status === 429) throw new JobError("transient", "reports_unreachable", `the reports file answered ${res.status}; retry.`);
  if (!res.ok) throw new JobError("inputMissing", "reports_refused", `the reports file answered ${res.status} (expired or bad signature?).`);
  return res.text();
}

async function readObject(uri: string, env: Record<string, string | undefined>): Promise<string> {
  try {
    const { store, key } = openObjectUri(uri, env);
    const obj = await store.get(key);
    if (!obj) throw new JobError("inputMissing", "reports_not_found", `no reports file at ${uri}.`);
    return Buffer.from(obj.body).toString("utf8");
  } catch (err) {
    if (err instanceof ObjectStoreError && err.code === "invalid_uri") throw new JobError("invalidSpec", "reports_uri_invalid", err.message);
    if (err instanceof ObjectStoreError && err.code === "unavailable") throw new JobError("transient", "store_unavailable", err.message, err);
    throw err;
  }
}
