/** Test helpers: call the Worker, create partners and keys through the admin API. */
import { env, exports } from "cloudflare:workers";

export const ORIGIN = "http://edge.test";

export function call(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(ORIGIN + path, init));
}

export function json(body: unknown, headers: Record<string, string> = {}, method = "POST"): RequestInit {
  return { method, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) };
}

export const adminHeaders = (): Record<string, string> => ({ "x-admin-key": env.ADMIN_API_KEY ?? "" });

export interface TestPartner {
  id: string;
  key: string;
  keyId: string;
  webhookSecret: string;
  auth: Record<string, string>;
}

export async function createPartner(options: { credits?: number; quota?: number | null; scopes?: string[] } = {}): Promise<TestPartner> {
  const created = await call("/admin/v1/partners", json({ name: "Test partner", credits: options.credits ?? 10_000, monthlyImageQuota: options.quota ?? null }, adminHeaders()));
  if (created.status !== 201) throw new Error(`partner creation failed: ${created.status} ${await created.text()}`);
  const { partner, webhookSecret } = (await created.json()) as { partner: { id: string }; webhookSecret: string };
  const keyRes = await call(`/admin/v1/partners/${partner.id}/keys`, json(options.scopes ? { scopes: options.scopes } : {}, adminHeaders()));
  const { key, apiKey } = (await keyRes.json()) as { key: string; apiKey: { id: string } };
  return { id: partner.id, key, keyId: apiKey.id, webhookSecret, auth: { authorization: `Bearer ${key}` } };
}

export async function partnerCredits(id: string): Promise<number> {
  const res = await call(`/admin/v1/partners/${id}`, { headers: adminHeaders() });
  return ((await res.json()) as { partner: { credits: number } }).partner.credits;
}

/** A fresh random client IP per demo test, so rate limits and allowances never leak between tests or files. */
export function freshIp(): Record<string, string> {
  const group = () => Math.floor(Math.random() * 0xffff).toString(16);
  return { "cf-connecting-ip": `2001:db8:${group()}:${group()}::${group()}` };
}

export const REPORT = "FINDINGS: PA view of the chest. There is a small left pleural effusion. No pneumothorax. The heart size is normal.\nIMPRESSION: Small left pleural effusion.";
