/**
 * Local end-to-end latency of demo generations, request → image served, on the real processes of
 * test/e2e (D1 migrations, the local batch runner, `wrangler dev`): POST /v1/generations, poll
 * GET /v1/generations/:id every 100 ms until it succeeded, then GET the PNG. Each seed is a new
 * content key, so every run is a cache miss that runs a generate job (a child process that loads
 * the bundle and samples). Without a committed bundle, a fresh-weights bundle of the same
 * architecture is published into the runner's registry first (the same files bundleFiles writes).
 */
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { bundleFiles } from "../../batch-jobs/generator/index.js";
import { openRegistry } from "../../batch-jobs/registry/open-registry.js";
import { SERVING_MODEL } from "../../shared/model/serving-model.js";
import { freePort, migrate, startEdge, startRunner, stopAll } from "../../test/e2e/e2e-harness.js";
import { round } from "../engine/measure.js";
import { ARCHITECTURE, benchTokenizer, freshParams, hasCommittedBundle, REPORTS, type Source } from "./generator-source.js";

export interface E2eRun {
  seed: number;
  /** POST answered 202 (validated, queued). */
  acceptedMs: number;
  /** GET first showed "succeeded". */
  succeededMs: number;
  /** PNG bytes received: the latency. */
  totalMs: number;
  pngBytes: number;
}

export interface E2eResult {
  source: Source;
  steps: number;
  guidance: number;
  stackStartMs: number;
  runs: E2eRun[];
}

async function publishFreshBundle(state: string): Promise<void> {
  const registry = openRegistry({ CXR_REGISTRY_URI: `${pathToFileURL(path.join(state, "registry")).href}/models/` });
  const files = bundleFiles({ architecture: ARCHITECTURE, tokenizer: benchTokenizer(), params: freshParams(), training: { note: "bench:generate fresh weights" }, card: "Untrained weights for timing only.\n" });
  await registry.publish({ ...SERVING_MODEL, files, parent: null, config: {}, metrics: {} });
  await registry.promote(SERVING_MODEL.name, "production", SERVING_MODEL.version, { by: "bench", expectedCurrent: null });
}

async function generateOnce(edgeUrl: string, body: Record<string, unknown>): Promise<Omit<E2eRun, "seed">> {
  const t0 = performance.now();
  const res = await fetch(`${edgeUrl}/v1/generations`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (res.status !== 202) throw new Error(`POST /v1/generations answered ${res.status}: ${await res.text()}`);
  const acceptedMs = performance.now() - t0;
  const { id } = (await res.json()) as { id: string };
  for (;;) {
    const view = (await (await fetch(`${edgeUrl}/v1/generations/${id}`)).json()) as { status: string; error: unknown; images: { png?: string } | null };
    if (view.status === "failed") throw new Error(`generation ${id} failed: ${JSON.stringify(view.error)}`);
    if (view.status === "succeeded") {
      const succeededMs = performance.now() - t0;
      const png = await fetch(new URL(view.images!.png!, edgeUrl));
      if (png.headers.get("content-type") !== "image/png") throw new Error(`image of ${id} served as ${png.headers.get("content-type")}`);
      const pngBytes = (await png.arrayBuffer()).byteLength;
      return { acceptedMs: round(acceptedMs, 0), succeededMs: round(succeededMs, 0), totalMs: round(performance.now() - t0, 0), pngBytes };
    }
    if (performance.now() - t0 > 300_000) throw new Error(`generation ${id} still ${view.status} after 300 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function benchE2e(o: { seeds: number[]; steps: number; guidance: number }): Promise<E2eResult> {
  const persist = await mkdtemp(path.join(os.tmpdir(), "bench-generate-edge-"));
  const state = await mkdtemp(path.join(os.tmpdir(), "bench-generate-runner-"));
  const [edgePort, runnerPort] = [await freePort(), await freePort()];
  const edgeUrl = `http://127.0.0.1:${edgePort}`;
  const source: Source = hasCommittedBundle() ? "committed bundle" : "fresh weights";
  try {
    const t0 = performance.now();
    if ((await migrate(persist)) !== 0) throw new Error("D1 migrations failed");
    if (source === "fresh weights") await publishFreshBundle(state);
    await startRunner(runnerPort, state, edgeUrl);
    await startEdge(edgePort, persist, `http://127.0.0.1:${runnerPort}`);
    const stackStartMs = round(performance.now() - t0, 0);
    const runs: E2eRun[] = [];
    for (const seed of o.seeds) runs.push({ seed, ...(await generateOnce(edgeUrl, { report: REPORTS[0], seed, steps: o.steps, guidance: o.guidance })) });
    return { source, steps: o.steps, guidance: o.guidance, stackStartMs, runs };
  } finally {
    stopAll();
  }
}
