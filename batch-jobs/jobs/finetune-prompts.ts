/**
 * The fine-tune's partner prompts: canonical report texts of partners who opted in to training,
 * exported by the edge (signed GET of the training export). With no edge configured there are
 * none, and `source` says why, so a run's log shows where its prompts came from.
 */
import { MAX_TRAINING_REPORTS, TRAINING_REPORTS_PATH, trainingReportLineSchema } from "../../shared/api/internal.js";
import { callEdge, EdgeCallError, edgeConnection, type EdgeCallDeps } from "../edge-api/edge-connection.js";

/** Throws EdgeCallError: edge_unavailable (network, 5xx), edge_refused (4xx), edge_answer_invalid. */
export async function partnerPrompts(
  env: Record<string, string | undefined>,
  o: { limit: number; signal?: AbortSignal },
  deps: Omit<EdgeCallDeps, "signal"> = {},
): Promise<{ reports: string[]; source: string }> {
  if (!Number.isInteger(o.limit) || o.limit < 0 || o.limit > MAX_TRAINING_REPORTS) throw new RangeError(`limit must be an integer 0-${MAX_TRAINING_REPORTS}, got ${o.limit}`);
  o.signal?.throwIfAborted();
  if (o.limit === 0) return { reports: [], source: "none: limit 0" };
  const edge = edgeConnection(env, { ...deps, ...(o.signal ? { signal: o.signal } : {}) });
  if (!edge.client) return { reports: [], source: `none: ${edge.reason}` };
  const body = await callEdge(edge.client, "GET", `${TRAINING_REPORTS_PATH}?limit=${o.limit}`, undefined, o.signal);
  const reports = body.split("\n").filter((line) => line.trim() !== "").map((line, i) => parseLine(line, i));
  return { reports, source: `edge ${edge.baseUrl}: ${reports.length} report(s) of partners who opted in to training` };
}

function parseLine(line: string, index: number): string {
  try {
    return trainingReportLineSchema.parse(JSON.parse(line)).text;
  } catch {
    throw new EdgeCallError("edge_answer_invalid", `Line ${index + 1} of the edge's training export is not {"text": …} JSON: ${line.slice(0, 80)}`);
  }
}
