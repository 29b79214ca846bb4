import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { adminHeaders, call, createPartner, json, REPORT } from "./helpers/api.js";

describe("admin API", () => {
  it("is closed without the admin key, and with a wrong one", async () => {
    for (const [path, init] of [
      ["/admin/v1/partners", json({ name: "x" })],
      ["/admin/v1/partners", {}],
      ["/admin/v1/dead-letters", {}],
    ] as const) {
      const none = await call(path, init);
      expect(none.status).toBe(401);
      expect(await none.json()).toMatchObject({ error: { code: "admin_key_required" } });
    }
    const wrong = await call("/admin/v1/partners", { headers: { "x-admin-key": "nope" } });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ error: { code: "admin_key_invalid" } });
  });

  it("a partner API key does not open admin routes", async () => {
    const partner = await createPartner();
    const res = await call("/admin/v1/partners", { headers: { ...partner.auth } });
    expect(res.status).toBe(401);
  });

  it("issues keys shown once and stored hashed, records last use, revokes", async () => {
    const partner = await createPartner();
    expect(partner.key).toMatch(/^cxr_[A-Za-z0-9]{12}_[A-Za-z0-9]{32}$/);
    const row = await env.DB.prepare("SELECT * FROM api_keys WHERE id = ?").bind(partner.keyId).first<Record<string, string>>();
    expect(JSON.stringify(row)).not.toContain(partner.key.split("_")[2]);
    expect(row?.secret_hash).toMatch(/^[0-9a-f]{64}$/);

    const used = await call("/v1/usage", { headers: partner.auth });
    expect(used.status).toBe(200);
    await new Promise((r) => setTimeout(r, 50)); // last-use is recorded in waitUntil
    const list = (await (await call(`/admin/v1/partners/${partner.id}/keys`, { headers: adminHeaders() })).json()) as { apiKeys: Array<{ id: string; lastUsedAt: string | null; prefix: string }> };
    expect(list.apiKeys[0]).toMatchObject({ id: partner.keyId, prefix: partner.key.slice(4, 16) });
    expect(list.apiKeys[0]!.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list)).not.toContain(partner.key);

    const revoked = await call(`/admin/v1/partners/${partner.id}/keys/${partner.keyId}/revoke`, { method: "POST", headers: adminHeaders() });
    expect(revoked.status).toBe(200);
    const after = await call("/v1/usage", { headers: partner.auth });
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ error: { code: "api_key_revoked" } });
  });

  it("enforces scopes and rejects unknown or mangled keys", async () => {
    const partner = await createPartner({ scopes: ["usage"] });
    const res = await call("/v1/generations", json({ report: REPORT }, partner.auth));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: "scope_missing" } });
    const mangled = await call("/v1/usage", { headers: { authorization: `Bearer ${partner.key.slice(0, -1)}x` } });
    expect(mangled.status).toBe(401);
    expect(await mangled.json()).toMatchObject({ error: { code: "api_key_invalid" } });
  });

  it("grants credits once per reference and sets quotas", async () => {
    const partner = await createPartner({ credits: 0 });
    const grant = () => call(`/admin/v1/partners/${partner.id}/credits`, json({ credits: 500, reference: "inv-1" }, adminHeaders()));
    expect(await (await grant()).json()).toMatchObject({ granted: true, partner: { credits: 500 } });
    expect(await (await grant()).json()).toMatchObject({ granted: false, partner: { credits: 500 } });
    const patched = await call(`/admin/v1/partners/${partner.id}`, json({ monthlyImageQuota: 3 }, adminHeaders(), "PATCH"));
    expect(await patched.json()).toMatchObject({ partner: { monthlyImageQuota: 3 } });
    const missing = await call("/admin/v1/partners/ptn_nope/keys", json({}, adminHeaders()));
    expect(missing.status).toBe(404);
  });
});
