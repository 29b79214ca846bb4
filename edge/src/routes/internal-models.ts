/**
 * The production model version the edge generates with, announced by the batch side after the
 * registry's production alias moved (promotion or rollback): GET reads it, PUT moves it by
 * compare-and-swap. HMAC-signed like the rest of the internal API.
 */
import { Hono } from "hono";
import { PRODUCTION_CONFLICT_CODE, productionAnnouncementSchema } from "../../../shared/api/index.js";
import { MODEL_NAME_PATTERN } from "../../../shared/model/model-ref.js";
import type { AppEnv } from "../app-env.js";
import { EDGE_CONFIG } from "../config.js";
import { ApiError } from "../errors.js";
import { nowIso } from "../ids.js";
import { verifyInternalSignature } from "../middleware/internal-signature.js";
import { readSignedJson } from "../middleware/json-body.js";
import { applyProductionAnnouncement, productionVersionView } from "../model/production-version.js";

const signed = verifyInternalSignature({ toleranceSeconds: EDGE_CONFIG.internalSignatureToleranceSeconds, maxBodyBytes: EDGE_CONFIG.maxInternalJsonBodyBytes });

/** Only the model this edge serves has a production version here; a typo must not pass silently. */
function servedModel(env: Env, name: string): void {
  if (!MODEL_NAME_PATTERN.test(name)) throw new ApiError(400, "model_name_invalid", `Model name "${name}" must be lowercase letters, digits and - (at most 64).`);
  if (name !== env.MODEL_NAME) throw new ApiError(404, "model_not_served", `This edge serves model "${env.MODEL_NAME}", not "${name}".`);
}

export const internalModelRoutes = new Hono<AppEnv>()
  .get("/internal/v1/models/:name/production", signed, async (c) => {
    servedModel(c.env, c.req.param("name"));
    return c.json({ production: await productionVersionView(c.env) });
  })
  .put("/internal/v1/models/:name/production", signed, async (c) => {
    servedModel(c.env, c.req.param("name"));
    const announcement = readSignedJson(c, productionAnnouncementSchema, { invalidCode: "invalid_request", subject: "production announcement" });
    const outcome = await applyProductionAnnouncement(c.env, announcement, nowIso());
    if (outcome.kind === "conflict") {
      throw new ApiError(
        409,
        PRODUCTION_CONFLICT_CODE,
        `The edge serves ${outcome.current} for ${c.env.MODEL_NAME}, not ${announcement.previous === null ? "nothing announced yet" : announcement.previous}; re-read the registry's production alias and announce again (or re-sync with \`npm run registry -- announce\`).`,
        { current: outcome.current },
      );
    }
    return c.json({ production: outcome.production, changed: outcome.kind === "changed" });
  });
