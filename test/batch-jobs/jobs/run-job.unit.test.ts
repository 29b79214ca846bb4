/** The entrypoint's contract: arguments, spec sources, exit codes, and signed events to the edge. */
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { runJob } from "../../../batch-jobs/jobs/run-job.js";
import { verifyRequestSignature } from "../../../shared/crypto/request-signature.js";
import { jobEventSchema } from "../../../shared/jobs/events.js";
import { EXIT } from "../../../shared/jobs/exit-codes.js";

const dataUri = (value: unknown) => `data:application/json;base64,${Buffer.from(JSON.stringify(value)).toString("base64")}`;
const trainSpec = { specVersion: 1, kind: "train", jobId: "t1", outputUri: "file:///tmp/t1/", modelName: "cxr", config: "base", seed: 1, checkpointUri: "file:///tmp/t1/ckpt/" };

async function run(argv: string[], env: Record<string, string> = {}, fetchImpl?: typeof fetch) {
  const errors: string[] = [];
  const logs: string[] = [];
  const code = await runJob(argv, { env, error: (l) => errors.push(l), log: (l) => logs.push(l), callbackBackoffMs: 5, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
  return { code, errors: errors.join("\n"), logs };
}

describe("runJob", () => {
  it("usage mistakes exit 64 with a message and no stack trace", async () => {
    for (const argv of [[], ["bogus", "--spec", "x"], ["train"], ["train", "--spec", dataUri(trainSpec), "--extra"]]) {
      const { code, errors } = await run(argv);
      expect(code).toBe(EXIT.usage);
      expect(errors).toMatch(/usage: main\.js/);
      expect(errors).not.toMatch(/\n\s+at /);
    }
    expect((await run(["train", "--spec", "ftp://x/spec.json"])).code).toBe(EXIT.usage);
  });

  it("a missing spec exits 66; an invalid one exits 65 naming the fields", async () => {
    expect((await run(["train", "--spec", "file:///nonexistent/spec.json"])).code).toBe(EXIT.inputMissing);
    const invalid = await run(["train", "--spec", dataUri({ ...trainSpec, seed: -1 })]);
    expect(invalid.code).toBe(EXIT.invalidSpec);
    expect(invalid.errors).toContain("seed:");
    const notJson = await run(["train", "--spec", "data:application/json,{oops"]);
    expect(notJson.code).toBe(EXIT.invalidSpec);
  });

  it("reads specs from file:// URIs", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "cxr-spec-"));
    await writeFile(path.join(dir, "spec.json"), JSON.stringify(trainSpec));
    // Read and parsed: the spec's config "base" is then refused by the train job itself.
    expect((await run(["train", "--spec", pathToFileURL(path.join(dir, "spec.json")).href])).code).toBe(EXIT.invalidSpec);
  });

  it("a finetune spec naming an unknown config fails as an invalid spec (65) before any compute", async () => {
    const spec = { specVersion: 1, kind: "finetune", jobId: "f", outputUri: "file:///tmp/f/", base: { name: "cxrl", alias: "production" }, config: "rlcf", seed: 1, checkpointUri: "file:///tmp/f/c/" };
    const { code, errors, logs } = await run(["finetune", "--spec", dataUri(spec)]);
    expect(code).toBe(EXIT.invalidSpec);
    expect(errors).toContain(`config "rlcf" is not a fine-tune config; known: cxrl`);
    expect(JSON.parse(logs.at(-1)!)).toMatchObject({ type: "status", state: "failed", exitCode: 65, errorCode: "unknown_config" });
  });

  it("sends started/failed events to the edge, HMAC-signed so the edge's verifier accepts them", async () => {
    const received: { url: string; body: string; signature: string }[] = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      received.push({ url, body: String(init.body), signature: (init.headers as Record<string, string>)["x-cxr-signature"]! });
      return new Response("{}", { status: 200 });
    }) as unknown as typeof fetch;
    const env = { CXR_CALLBACK_URL: "http://edge.local", CXR_CALLBACK_SECRET: "s3cret", AWS_BATCH_JOB_ID: "job-9", AWS_BATCH_JOB_ATTEMPT: "2" };
    const { code } = await run(["train", "--spec", dataUri(trainSpec)], env, fakeFetch);
    expect(code).toBe(EXIT.invalidSpec);
    expect(received.map((r) => r.url)).toEqual(["http://edge.local/internal/v1/jobs/t1/events", "http://edge.local/internal/v1/jobs/t1/events"]);
    const events = received.map((r) => jobEventSchema.parse(JSON.parse(r.body)));
    expect(events.map((e) => [e.type, "state" in e ? e.state : null, e.backendJobId, e.attempt, e.seq])).toEqual([
      ["status", "started", "job-9", 2, 0],
      ["status", "failed", "job-9", 2, 1],
    ]);
    for (const r of received) {
      const check = await verifyRequestSignature("s3cret", { method: "POST", pathAndQuery: "/internal/v1/jobs/t1/events", body: r.body }, r.signature, Math.floor(Date.now() / 1000));
      expect(check.ok).toBe(true);
    }
  });

  it("a callback URL without its secret is a usage error", async () => {
    expect((await run(["train", "--spec", dataUri(trainSpec)], { CXR_CALLBACK_URL: "http://edge.local" })).code).toBe(EXIT.usage);
  });

  it("an edge that keeps failing makes the job exit 75 (transient, retried by Batch)", async () => {
    let calls = 0;
    const down = (async () => {
      calls++;
      return new Response("busy", { status: 503 });
    }) as unknown as typeof fetch;
    const env = { CXR_CALLBACK_URL: "http://edge.local", CXR_CALLBACK_SECRET: "s", AWS_BATCH_JOB_ID: "j" };
    const started = Date.now();
    const { code, errors } = await run(["train", "--spec", dataUri(trainSpec)], env, down);
    expect(code).toBe(EXIT.transient);
    expect(errors).toMatch(/callback_failed.*503/);
    expect(calls).toBeGreaterThanOrEqual(5);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
