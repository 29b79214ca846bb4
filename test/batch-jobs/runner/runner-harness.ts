/** Helpers shared by the runner tests: temp folders, a phantom-shaped spec, event logs, polling. */
import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BackendJobStatus, SubmitRequest } from "../../../shared/jobs/backend.js";

export const FAKE_JOB = [process.execPath, path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "fake-job.mjs")];

export async function tempDir(label: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `cxr-runner-${label}-`));
}

export interface FakeEvent {
  event: "start" | "end";
  kind: string;
  flag: string;
  at: number;
  pid: number;
  jobId: string;
  index: string | null;
  size: string | null;
  attempt: number;
  queue: string;
}

export function fakeRequest(outDir: string, token: string, behaviour: { sleepMs?: number; exitCodes?: number[] }, arraySize = 1): SubmitRequest {
  return {
    kind: "phantom",
    jobName: `test-${token}`,
    idempotencyToken: token,
    arraySize,
    attempts: 3,
    spec: { specVersion: 1, kind: "phantom", jobId: token, outputUri: pathToFileURL(outDir + "/").href, count: 10, seed: 1, simulator: behaviour },
  };
}

export async function readEvents(outDir: string): Promise<FakeEvent[]> {
  const text = await readFile(path.join(outDir, "events.jsonl"), "utf8").catch(() => "");
  return text.split("\n").filter(Boolean).map((l) => JSON.parse(l) as FakeEvent);
}

export async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function isDone(s: BackendJobStatus | undefined): s is BackendJobStatus {
  return s?.state === "succeeded" || s?.state === "failed";
}
