/**
 * Tells the edge which exact version to generate with after the registry's production alias
 * moved (promotion by the fine-tune, rollback by an operator). The registry alias stays the
 * source of truth: with no edge configured nothing is sent and the caller hears why.
 *
 * `previous` is the version the alias pointed at before (null: it was unset); the edge applies
 * the announcement only if it still serves that (compare-and-swap), and announcing what it
 * already serves is a no-op, so a retry is safe. `force` skips the check (an operator's re-sync).
 */
import { productionAnnouncementSchema, productionVersionPath, type ProductionAnnouncement } from "../../shared/api/internal.js";
import { formatIssues } from "../../shared/validation/format-issues.js";
import { callEdge, edgeConnection, type EdgeCallDeps } from "../edge-api/edge-connection.js";

export interface ProductionChange {
  name: string;
  version: string;
  previous: string | null;
  force?: boolean;
}

/** Throws EdgeCallError: edge_unavailable (network, 5xx), production_version_conflict (409), edge_refused. */
export async function announceProduction(
  env: Record<string, string | undefined>,
  o: ProductionChange,
  deps: EdgeCallDeps = {},
): Promise<{ announced: boolean; reason?: string }> {
  const edge = edgeConnection(env, deps);
  if (!edge.client) return { announced: false, reason: `${edge.reason}; the registry alias alone records ${o.name} ${o.version}` };
  const parsed = productionAnnouncementSchema.safeParse(o.force ? { version: o.version } : { version: o.version, previous: o.previous });
  if (!parsed.success) throw new TypeError(`Cannot announce ${o.name} ${o.version}: ${formatIssues(parsed.error).join("; ")}`);
  const body: ProductionAnnouncement = parsed.data;
  await callEdge(edge.client, "PUT", productionVersionPath(o.name), body, deps.signal);
  return { announced: true };
}
