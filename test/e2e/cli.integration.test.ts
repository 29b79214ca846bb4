/**
 * The partner CLI against the real local platform (`wrangler dev` + the local runner), run as a
 * child process like a partner would. Datasets are simulated (phantom) films, which the platform
 * renders today; the generation cases depend on the generator and skip on the capability probe.
 * Downloads that are interrupted or tampered with go through a small proxy (./cli/file-proxy.ts).
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFileProxy, type FileProxy } from "./cli/file-proxy.js";
import { runCli, startCli } from "./cli/run-cli.js";
import { newPartner, probeGenerator, startDemoPlatform, type GeneratorCapability } from "./demo-platform.js";
import { stopAll, waitFor } from "./e2e-harness.js";

let edgeUrl = "";
let env: Record<string, string> = {};
let generator: GeneratorCapability;
let proxy: FileProxy;
let datasetId = "";
let downloaded = "";
const tmp = (name: string) => mkdtemp(path.join(os.tmpdir(), `cxr-e2e-cli-${name}-`));

beforeAll(async () => {
  ({ edgeUrl } = await startDemoPlatform("cli"));
  const partner = await newPartner(edgeUrl, 100_000);
  env = { CXR_API_URL: edgeUrl, CXR_API_KEY: partner.key };
  proxy = await startFileProxy(edgeUrl);
  generator = await probeGenerator(edgeUrl);
}, 300_000);

afterAll(async () => {
  await proxy?.close();
  stopAll();
});

const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
const manifestOf = (dir: string) => readFileSync(path.join(dir, "manifest.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { index: number; sha256: { png?: string } });

describe("cxr-synth datasets", () => {
  it("names the bad line of a reports file and sends nothing", async () => {
    const file = path.join(await tmp("reports"), "reports.jsonl");
    writeFileSync(file, ['"FINDINGS: Small left pleural effusion."', '"FINDINGS: Patient John Smith seen on 03/04/2021. Clear lungs."', '{"report": "FINDINGS: Mild cardiomegaly."}'].join("\n"));
    const run = await runCli(["datasets", "create", "--file", file], env);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`${file}:2: report_contains_phi`);
    const listed = (await (await fetch(`${edgeUrl}/v1/datasets`, { headers: { authorization: `Bearer ${env.CXR_API_KEY}` } })).json()) as { datasets: unknown[] };
    expect(listed.datasets).toEqual([]);
  });

  it("creates a dataset and waits with a progress bar until it succeeds", async () => {
    const run = await runCli(["datasets", "create", "--phantom", "6", "--size", "64", "--seed", "11", "--wait"], env);
    expect(run.code, run.stderr).toBe(0);
    datasetId = run.stdout.trim();
    expect(datasetId).toMatch(/^ds_/);
    expect(run.stderr).toMatch(/\[#{24}\] 6\/6 done/);
    expect(run.stderr).toContain(`dataset ${datasetId} succeeded: 6/6 done, 0 failed`);
  });

  it("downloads every file, each matching the manifest's sha256", async () => {
    downloaded = await tmp("download");
    const run = await runCli(["datasets", "download", datasetId, "--out", downloaded], env);
    expect(run.code, run.stderr).toBe(0);
    const lines = manifestOf(downloaded);
    expect(lines).toHaveLength(6);
    for (const line of lines) expect(sha256(path.join(downloaded, `${line.index}.png`))).toBe(line.sha256.png);
    expect(readdirSync(downloaded).filter((f) => f.endsWith(".part"))).toEqual([]);
  });

  it("resumes an interrupted download with a Range request", async () => {
    const out = await tmp("resume");
    proxy.mode = "stall";
    proxy.ranges.length = 0;
    const first = startCli(["datasets", "download", datasetId, "--out", out, "--parallel", "1", "--api-url", proxy.url], env);
    const part = await waitFor(() => readdirSync(out).find((f) => f.endsWith(".part") && statSync(path.join(out, f)).size > 0), 60_000, "a partial file");
    first.child.kill("SIGKILL");
    await first.done;
    expect(existsSync(path.join(out, part.replace(/\.part$/, "")))).toBe(false);
    proxy.mode = "pass";
    const second = await runCli(["datasets", "download", datasetId, "--out", out, "--api-url", proxy.url], env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain("1 resumed");
    expect(proxy.ranges.some((r) => r !== null && /^bytes=\d+-$/.test(r))).toBe(true);
    for (const line of manifestOf(out)) expect(sha256(path.join(out, `${line.index}.png`))).toBe(line.sha256.png);
  });

  it("refuses a file altered in transit and keeps nothing under its name", async () => {
    const out = await tmp("tamper");
    proxy.mode = "tamper";
    const run = await runCli(["datasets", "download", datasetId, "--out", out, "--parallel", "1", "--api-url", proxy.url], env);
    proxy.mode = "pass";
    expect(run.code).toBe(7);
    expect(run.stderr).toMatch(/item \d+ \(png\): sha256 mismatch .* the file was discarded, run the download again/);
    expect(readdirSync(out).filter((f) => f.endsWith(".png") || f.endsWith(".part"))).toEqual([]);
  });

  it("names a file changed on disk when verifying a download", async () => {
    writeFileSync(path.join(downloaded, "3.png"), "not the image");
    const run = await runCli(["datasets", "download", datasetId, "--out", downloaded, "--verify-only"], env);
    expect(run.code).toBe(7);
    expect(run.stderr).toContain("1 of 6 files do not match the manifest's sha256 (3.png)");
  });

  it("refuses to cancel a finished dataset with the API's code", async () => {
    const run = await runCli(["datasets", "cancel", datasetId], env);
    expect(run.code).toBe(5);
    expect(run.stderr.trim()).toBe(`cxr-synth datasets cancel: dataset_not_cancellable: The dataset is already succeeded.`);
  });

  it("cancels a dataset that is still running", async () => {
    const created = await runCli(["datasets", "create", "--phantom", "400", "--size", "64"], env);
    const run = await runCli(["datasets", "cancel", created.stdout.trim()], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("cancelled");
  });
});

describe("cxr-synth generations, usage and keys", () => {
  it("writes the generated image to --out", async (ctx) => {
    if (!generator.available) ctx.skip(true, generator.reason);
    const out = path.join(await tmp("gen"), "image.png");
    const run = await runCli(["generations", "create", "--report", "FINDINGS: PA view. Small left pleural effusion.", "--steps", "10", "--out", out], env);
    expect(run.code, run.stderr).toBe(0);
    const png = readFileSync(out);
    expect([png.subarray(1, 4).toString(), png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual(["PNG", 64, 64]);
  });

  it("exits 8 with the job's error code when the generation fails", async (ctx) => {
    if (generator.available) ctx.skip(true, "a generator is available, so generations no longer fail with not_implemented");
    const out = path.join(await tmp("gen-fail"), "image.png");
    const run = await runCli(["generations", "create", "--report", "FINDINGS: PA view. Small left pleural effusion.", "--out", out], env);
    expect(run.code).toBe(8);
    expect(run.stderr).toMatch(/generation gen_\S+ failed: not_implemented: /);
    expect(existsSync(out)).toBe(false);
  });

  it("shows the balance and this month's usage", async () => {
    const run = await runCli(["usage"], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/balance\s+\d+ credits/);
    expect(run.stdout).toMatch(/used\s+\d+ images/);
  });

  it("says in one line that a key is not valid (exit 4)", async () => {
    const run = await runCli(["usage", "--api-key", "cxr_aaaaaaaaaaaa_wrong"], env);
    expect(run.code).toBe(4);
    expect(run.stderr.trim().split("\n")).toEqual(["cxr-synth usage: api_key_invalid: The API key is not valid. Check that it was copied whole."]);
  });
});
