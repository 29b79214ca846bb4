/** Admin endpoints (ADMIN_API_KEY in X-Admin-Key): partners, API keys, credits, dead letters. */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.js";
import { generateApiKey, generateWebhookSecret } from "../auth/api-key.js";
import { API_SCOPES } from "../auth/principal.js";
import { ApiError } from "../errors.js";
import { newId, nowIso } from "../ids.js";
import { requireAdmin } from "../middleware/admin.js";
import { limitBodySize } from "../middleware/body-limit.js";
import { readJson } from "../middleware/json-body.js";
import { insertApiKey, listApiKeys, revokeApiKey, type ApiKeyRecord } from "../storage/api-keys.js";
import { listDeadLetters } from "../storage/dead-letters.js";
import { getPartner, grantCreditsOnce, insertPartner, listPartners, setMonthlyQuota, type NewPartner, type Partner } from "../storage/partners.js";

const createPartnerSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    credits: z.number().int().min(0).max(1e12).optional(),
    monthlyImageQuota: z.number().int().min(0).max(1e9).nullable().optional(),
  })
  .strict();
const createKeySchema = z
  .object({ scopes: z.array(z.enum(API_SCOPES)).min(1).optional(), label: z.string().max(200).optional() })
  .strict();
const grantSchema = z
  .object({
    credits: z.number().int().min(1).max(1e12),
    /** Caller-chosen id of this grant (an invoice number…): the same reference never credits twice. */
    reference: z.string().min(1).max(200),
  })
  .strict();
const updatePartnerSchema = z.object({ monthlyImageQuota: z.number().int().min(0).max(1e9).nullable() }).strict();

function partnerView(p: Partner) {
  return { id: p.id, name: p.name, credits: p.credits, monthlyImageQuota: p.monthlyImageQuota, trainingOptIn: p.trainingOptIn, createdAt: p.createdAt };
}

function keyView(k: ApiKeyRecord) {
  return { id: k.id, prefix: k.prefix, scopes: k.scopes, label: k.label, createdAt: k.createdAt, lastUsedAt: k.lastUsedAt, revokedAt: k.revokedAt };
}

async function partnerOr404(db: D1Database, id: string): Promise<Partner> {
  const partner = await getPartner(db, id);
  if (!partner) throw new ApiError(404, "partner_not_found", `No partner ${id}.`);
  return partner;
}

export const adminRoutes = new Hono<AppEnv>()
  .use("/admin/*", requireAdmin({ header: "x-admin-key" }), limitBodySize({ maxBytes: 16 * 1024 }))
  .post("/admin/v1/partners", async (c) => {
    const body = await readJson(c, createPartnerSchema);
    const partner: NewPartner = { id: newId("ptn"), name: body.name, credits: body.credits ?? 0, monthlyImageQuota: body.monthlyImageQuota ?? null, webhookSecret: generateWebhookSecret(), createdAt: nowIso() };
    await insertPartner(c.env.DB, partner);
    // The webhook secret is shown once, like API keys.
    return c.json({ partner: partnerView(await partnerOr404(c.env.DB, partner.id)), webhookSecret: partner.webhookSecret }, 201);
  })
  .get("/admin/v1/partners", async (c) => c.json({ partners: (await listPartners(c.env.DB)).map(partnerView) }))
  .get("/admin/v1/partners/:id", async (c) => c.json({ partner: partnerView(await partnerOr404(c.env.DB, c.req.param("id"))) }))
  .patch("/admin/v1/partners/:id", async (c) => {
    const body = await readJson(c, updatePartnerSchema);
    await partnerOr404(c.env.DB, c.req.param("id"));
    await setMonthlyQuota(c.env.DB, c.req.param("id"), body.monthlyImageQuota);
    return c.json({ partner: partnerView(await partnerOr404(c.env.DB, c.req.param("id"))) });
  })
  .post("/admin/v1/partners/:id/keys", async (c) => {
    const body = await readJson(c, createKeySchema);
    const partner = await partnerOr404(c.env.DB, c.req.param("id"));
    const generated = await generateApiKey();
    const record = { id: newId("key"), partnerId: partner.id, prefix: generated.prefix, secretHash: generated.secretHash, scopes: body.scopes ?? [...API_SCOPES], label: body.label ?? null, createdAt: nowIso() };
    await insertApiKey(c.env.DB, record);
    return c.json({ key: generated.key, apiKey: keyView({ ...record, lastUsedAt: null, revokedAt: null }) }, 201);
  })
  .get("/admin/v1/partners/:id/keys", async (c) => {
    const partner = await partnerOr404(c.env.DB, c.req.param("id"));
    return c.json({ apiKeys: (await listApiKeys(c.env.DB, partner.id)).map(keyView) });
  })
  .post("/admin/v1/partners/:id/keys/:keyId/revoke", async (c) => {
    const record = await revokeApiKey(c.env.DB, c.req.param("id"), c.req.param("keyId"), nowIso());
    if (!record) throw new ApiError(404, "api_key_not_found", "No such key for this partner.");
    return c.json({ apiKey: keyView(record) });
  })
  .post("/admin/v1/partners/:id/credits", async (c) => {
    const body = await readJson(c, grantSchema);
    const partner = await partnerOr404(c.env.DB, c.req.param("id"));
    const granted = await grantCreditsOnce(c.env.DB, { externalId: `admin:${body.reference}`, partnerId: partner.id, credits: body.credits, source: "admin", at: nowIso() });
    return c.json({ granted, partner: partnerView(await partnerOr404(c.env.DB, partner.id)) });
  })
  .get("/admin/v1/dead-letters", async (c) => c.json({ deadLetters: await listDeadLetters(c.env.DB, 100) }));
