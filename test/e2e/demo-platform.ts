/**
 * The local platform for the demo-page and CLI end-to-end tests: migrations, the batch runner
 * and `wrangler dev` (which builds the page first), plus helpers to make a partner with a key
 * and to find out whether this build can generate images at all (the capability probe the
 * image-dependent cases skip on, with the probe's reason).
 */
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { GenerationView } from "../../shared/api/index.js";
import { freePort, LOCAL_ADMIN_KEY, migrate, startEdge, startRunner, waitFor } from "./e2e-harness.js";

export interface DemoPlatform {
  edgeUrl: string;
}

export async function startDemoPlatform(name: string, extraVars: Record<string, string> = {}): Promise<DemoPlatform> {
  const persist = await mkdtemp(path.join(os.tmpdir(), `cxr-e2e-${name}-edge-`));
  const runnerState = await mkdtemp(path.join(os.tmpdir(), `cxr-e2e-${name}-runner-`));
  const outputDir = await mkdtemp(path.join(os.tmpdir(), `cxr-e2e-${name}-out-`));
  const [edgePort, runnerPort] = [await freePort(), await freePort()];
  const edgeUrl = `http://127.0.0.1:${edgePort}`;
  if ((await migrate(persist)) !== 0) throw new Error("D1 migrations failed");
  await startRunner(runnerPort, runnerState, edgeUrl);
  await startEdge(edgePort, persist, `http://127.0.0.1:${runnerPort}`, { BATCH_OUTPUT_URI: pathToFileURL(outputDir + "/").href, ...extraVars });
  return { edgeUrl };
}

export interface TestPartner {
  id: string;
  key: string;
  webhookSecret: string;
}

async function admin<T>(edgeUrl: string, pathname: string, body: unknown): Promise<T> {
  const res = await fetch(edgeUrl + pathname, { method: "POST", headers: { "content-type": "application/json", "x-admin-key": LOCAL_ADMIN_KEY }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`${pathname}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function newPartner(edgeUrl: string, credits: number): Promise<TestPartner> {
  const created = await admin<{ partner: { id: string }; webhookSecret: string }>(edgeUrl, "/admin/v1/partners", { name: "e2e", credits });
  const issued = await admin<{ key: string }>(edgeUrl, `/admin/v1/partners/${created.partner.id}/keys`, {});
  return { id: created.partner.id, key: issued.key, webhookSecret: created.webhookSecret };
}

/** Runs a generation to its end as a demo visitor from `clientIp`. */
export async function generateAsDemo(edgeUrl: string, clientIp: string, body: Record<string, unknown>): Promise<GenerationView> {
  const headers = { "content-type": "application/json", "cf-connecting-ip": clientIp };
  const created = await fetch(`${edgeUrl}/v1/generations`, { method: "POST", headers, body: JSON.stringify(body) });
  if (created.status !== 200 && created.status !== 202) throw new Error(`generation refused: ${created.status} ${await created.text()}`);
  const first = (await created.json()) as GenerationView;
  return waitFor(
    async () => {
      const view = (await (await fetch(`${edgeUrl}/v1/generations/${first.id}`, { headers })).json()) as GenerationView;
      return view.status === "succeeded" || view.status === "failed" ? view : undefined;
    },
    300_000,
    `generation ${first.id}`,
    500,
  );
}

export interface GeneratorCapability {
  available: boolean;
  /** Why image cases are skipped when it is not available. */
  reason: string;
}

/** One probe generation: `not_implemented` means this build has no generator model yet. */
export async function probeGenerator(edgeUrl: string): Promise<GeneratorCapability> {
  const probe = await generateAsDemo(edgeUrl, "10.255.255.254", { report: "FINDINGS: PA view. Small right pleural effusion.", seed: 424242, steps: 10 });
  if (probe.status === "failed" && probe.error?.code === "not_implemented") {
    return { available: false, reason: `no generator in this build: the probe generation failed with not_implemented (${probe.error.message.slice(0, 80)}…)` };
  }
  return { available: true, reason: "" };
}
