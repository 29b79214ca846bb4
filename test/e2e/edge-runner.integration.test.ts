/**
 * End to end across both halves on one machine, all real processes: `wrangler dev` (edge, queue
 * consumer, D1, R2) → LocalBatchBackend → the local runner → the generate job (the committed
 * default model, seeded into the runner's registry) as a child process → signed film upload and
 * status events → the edge serves the image; the same request again is a cache hit with no job.
 */
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeImageBytes } from "../../batch-jobs/data/images/decode-image.js";
import { freePort, LOCAL_ADMIN_KEY, migrate, startEdge, startRunner, stopAll, waitFor } from "./e2e-harness.js";

let edgeUrl = "";
let runnerUrl = "";
const REQUEST = { report: "FINDINGS: Small left pleural effusion. No pneumothorax. IMPRESSION: Small left effusion.", seed: 11, steps: 20 };
const generate = () => fetch(`${edgeUrl}/v1/generations`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(REQUEST) });

interface View { id: string; status: string; cached: boolean; error: unknown; images: { png?: string } | null; settings: { modelVersion: string } }

beforeAll(async () => {
  const persist = await mkdtemp(path.join(os.tmpdir(), "cxr-e2e-edge-"));
  const state = await mkdtemp(path.join(os.tmpdir(), "cxr-e2e-runner-"));
  const [edgePort, runnerPort] = [await freePort(), await freePort()];
  edgeUrl = `http://127.0.0.1:${edgePort}`;
  runnerUrl = `http://127.0.0.1:${runnerPort}`;
  expect(await migrate(persist)).toBe(0);
  await startRunner(runnerPort, state, edgeUrl);
  await startEdge(edgePort, persist, runnerUrl);
}, 150_000);

afterAll(() => stopAll());

describe("edge → queue → local runner → generate job → signed upload → edge", () => {
  let first: View;

  it("a generation request runs as a local batch job and ends with a generated 64x64 PNG", async () => {
    const res = await generate();
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as View;
    const deadline = Date.now() + 90_000;
    do {
      first = (await (await fetch(`${edgeUrl}/v1/generations/${id}`)).json()) as View;
      if (first.status === "failed" || first.status === "succeeded") break;
      await new Promise((r) => setTimeout(r, 500));
    } while (Date.now() < deadline);
    expect(first.error).toBeNull();
    expect(first.status).toBe("succeeded");
    const png = await fetch(new URL(first.images!.png!, edgeUrl));
    expect(png.headers.get("content-type")).toBe("image/png");
    const image = await decodeImageBytes(new Uint8Array(await png.arrayBuffer()), "generated.png");
    expect([image.width, image.height]).toEqual([64, 64]);
    // A generated film, not a blank: its pixels vary.
    const values = Array.from(image.pixels);
    expect(Math.max(...values) - Math.min(...values)).toBeGreaterThan(image.bitDepth === 16 ? 1000 : 4);
  }, 120_000);

  it("the same request again is served from the cache without a new job", async () => {
    const res = await generate();
    expect(res.status).toBe(200);
    const again = (await res.json()) as View;
    expect(again.cached).toBe(true);
    expect(again.status).toBe("succeeded");
    const health = (await (await fetch(`${runnerUrl}/health`)).json()) as { jobs: number };
    expect(health.jobs).toBe(1);
  });
});

describe("a partner's dataset order of reports → generate job → labelled images", () => {
  const REPORTS = [
    "FINDINGS: Large right pleural effusion. IMPRESSION: Right effusion.",
    "FINDINGS: The heart is enlarged. No pleural effusion. IMPRESSION: Cardiomegaly.",
    "FINDINGS: Lungs are clear. IMPRESSION: No acute disease.",
  ];

  async function admin(pathname: string, body: unknown): Promise<unknown> {
    const res = await fetch(edgeUrl + pathname, { method: "POST", headers: { "content-type": "application/json", "x-admin-key": LOCAL_ADMIN_KEY }, body: JSON.stringify(body) });
    expect(res.status, await res.clone().text()).toBe(201);
    return res.json();
  }

  it("yields one downloadable PNG per report with the report's labels in the manifest", async () => {
    const { partner } = (await admin("/admin/v1/partners", { name: "E2E generate partner", credits: 1000 })) as { partner: { id: string } };
    const { key } = (await admin(`/admin/v1/partners/${partner.id}/keys`, {})) as { key: string };
    const auth = { authorization: `Bearer ${key}` };
    const res = await fetch(`${edgeUrl}/v1/datasets`, { method: "POST", headers: { "content-type": "application/json", ...auth }, body: JSON.stringify({ reports: REPORTS, seed: 5, steps: 10, format: "png" }) });
    expect(res.status, await res.clone().text()).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const state = await waitFor(async () => {
      const s = (await (await fetch(`${edgeUrl}/v1/datasets/${id}`, { headers: auth })).json()) as { status: string };
      return s.status === "queued" || s.status === "running" ? undefined : s;
    }, 120_000, `dataset ${id}`);
    expect(state).toMatchObject({ status: "succeeded" });
    const manifest = await fetch(`${edgeUrl}/v1/datasets/${id}/manifest`, { headers: auth });
    const lines = (await manifest.text()).trim().split("\n").map((l) => JSON.parse(l) as { index: number; seed: number; status: string; labels: Record<string, number | null>; files: { png?: string } });
    expect(lines.map((l) => [l.index, l.seed, l.status])).toEqual([[0, 5, "done"], [1, 6, "done"], [2, 7, "done"]]);
    expect(lines[0]!.labels["Pleural Effusion"]).toBe(1);
    expect(lines[1]!.labels["Cardiomegaly"]).toBe(1);
    for (const line of lines) {
      const file = await fetch(line.files.png!);
      expect(file.headers.get("content-type")).toBe("image/png");
      expect((await decodeImageBytes(new Uint8Array(await file.arrayBuffer()), "film.png")).width).toBe(64);
    }
  }, 150_000);
});
