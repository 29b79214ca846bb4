/**
 * The calling partner's own account: GET /v1/partner (scope usage) and PATCH /v1/partner
 * (scope billing — an account owner's decision, not an ordering key's) for the training opt-in.
 */
import { Hono } from "hono";
import { partnerSettingsSchema, type PartnerView } from "../../../shared/api/index.js";
import type { AppEnv } from "../app-env.js";
import type { Principal } from "../auth/principal.js";
import { ApiError } from "../errors.js";
import { nowIso } from "../ids.js";
import { authenticate } from "../middleware/authenticate.js";
import { limitBodySize } from "../middleware/body-limit.js";
import { requireContentType } from "../middleware/content-type.js";
import { readJson } from "../middleware/json-body.js";
import { getPartner, setTrainingOptIn, type Partner } from "../storage/partners.js";

function view(p: Partner): PartnerView {
  return { id: p.id, name: p.name, trainingOptIn: p.trainingOptIn, trainingOptInChangedAt: p.trainingOptInChangedAt, createdAt: p.createdAt };
}

async function callerPartner(db: D1Database, principal: Principal): Promise<Partner> {
  const partner = principal.kind === "partner" ? await getPartner(db, principal.partnerId) : null;
  if (!partner) throw new ApiError(401, "api_key_invalid", "The partner of this API key no longer exists.");
  return partner;
}

export const partnerRoutes = new Hono<AppEnv>()
  .get("/v1/partner", authenticate({ scope: "usage", allowDemo: false }), async (c) => c.json({ partner: view(await callerPartner(c.env.DB, c.get("principal"))) }))
  .patch(
    "/v1/partner",
    limitBodySize({ maxBytes: 4 * 1024 }),
    requireContentType({ accept: ["application/json"] }),
    authenticate({ scope: "billing", allowDemo: false }),
    async (c) => {
      const body = await readJson(c, partnerSettingsSchema);
      const partner = await callerPartner(c.env.DB, c.get("principal"));
      await setTrainingOptIn(c.env.DB, partner.id, body.trainingOptIn, nowIso());
      return c.json({ partner: view(await callerPartner(c.env.DB, c.get("principal"))) });
    },
  );
