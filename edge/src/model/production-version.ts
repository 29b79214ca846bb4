/**
 * Which exact model version new generations and datasets are made with: the production version
 * the batch side announced (after a promotion or rollback in the registry), else the deployed
 * MODEL_VERSION. Resolved per order, so a promotion takes effect without a redeploy; an order
 * keeps the version it was made with (its content key and job spec carry it).
 */
import type { ProductionAnnouncement, ProductionVersionView } from "../../../shared/api/index.js";
import { getProductionVersion, insertProductionVersion, replaceProductionVersion, type ProductionVersion } from "../storage/production-versions.js";

export async function servingModelVersion(env: Env): Promise<string> {
  return (await getProductionVersion(env.DB, env.MODEL_NAME))?.version ?? env.MODEL_VERSION;
}

function view(env: Env, stored: ProductionVersion | null): ProductionVersionView {
  return stored
    ? { name: stored.modelName, version: stored.version, source: "announced", previous: stored.previousVersion, updatedAt: stored.updatedAt }
    : { name: env.MODEL_NAME, version: env.MODEL_VERSION, source: "deployed", previous: null, updatedAt: null };
}

export async function productionVersionView(env: Env): Promise<ProductionVersionView> {
  return view(env, await getProductionVersion(env.DB, env.MODEL_NAME));
}

export type AnnouncementOutcome =
  | { kind: "changed" | "unchanged"; production: ProductionVersionView }
  | { kind: "conflict"; current: string };

/**
 * Compare-and-swap of the served version of env.MODEL_NAME. Announcing the version already served
 * is a no-op (a retry after a lost answer succeeds); otherwise `previous` must name what is served
 * now (null: nothing announced yet), or be absent to skip the check.
 */
export async function applyProductionAnnouncement(env: Env, announcement: ProductionAnnouncement, at: string): Promise<AnnouncementOutcome> {
  const stored = await getProductionVersion(env.DB, env.MODEL_NAME);
  const current = stored?.version ?? env.MODEL_VERSION;
  if (current === announcement.version) return { kind: "unchanged", production: view(env, stored) };
  const { previous } = announcement;
  const expected = previous === undefined || (previous === null ? stored === null : previous === current);
  if (!expected) return { kind: "conflict", current };
  const write = { modelName: env.MODEL_NAME, version: announcement.version, previousVersion: current, at };
  const applied = stored ? await replaceProductionVersion(env.DB, write) : await insertProductionVersion(env.DB, write);
  // Not applied: another announcement landed between the read and the write.
  if (!applied) return { kind: "conflict", current: await servingModelVersion(env) };
  return { kind: "changed", production: await productionVersionView(env) };
}
