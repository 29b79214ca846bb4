/** The shared job contract: specs, sharding, exit codes, submit validation. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EXIT, EXIT_MEANINGS, RETRYABLE_EXIT_CODES, describeExitCode } from "../../../shared/jobs/exit-codes.js";
import { JOB_KINDS, parseJobSpec } from "../../../shared/jobs/kinds.js";
import { BATCH_EVALUATE_ON_EXIT } from "../../../shared/jobs/retry-policy.js";
import { shardFromEnv, shardRange } from "../../../shared/jobs/sharding.js";
import { validateSubmitRequest } from "../../../shared/jobs/submit-validation.js";

const phantom = { specVersion: 1 as const, kind: "phantom" as const, jobId: "ds-1", outputUri: "s3://cxr-data/datasets/ds-1/", count: 10, seed: 3 };

describe("job specs", () => {
  it("applies defaults and keeps the version", () => {
    const parsed = parseJobSpec("phantom", phantom);
    expect(parsed).toEqual({ ok: true, spec: { ...phantom, size: 128, format: "png", bitDepth: 16, simulator: {} } });
  });

  it("lists every problem with its field path", () => {
    const parsed = parseJobSpec("phantom", { ...phantom, specVersion: 2, count: 0, outputUri: "http://x/", extra: 1 });
    expect(parsed.ok).toBe(false);
    const issues = (parsed as { issues: string[] }).issues.join("\n");
    for (const field of ["specVersion", "count", "outputUri", "(spec): Unrecognized key"]) expect(issues).toContain(field);
  });

  it("has a schema for every kind and rejects a spec of another kind", () => {
    expect(JOB_KINDS).toEqual(["generate", "finetune", "train", "evaluate", "phantom"]);
    expect(parseJobSpec("train", phantom).ok).toBe(false);
    const generate = { specVersion: 1, kind: "generate", jobId: "g", outputUri: "file:///tmp/g/", model: { name: "cxr", alias: "production" }, seed: 1 };
    expect(parseJobSpec("generate", generate).ok).toBe(false); // neither reports nor reportsUri
    expect(parseJobSpec("generate", { ...generate, reportsUri: "s3://b/r.jsonl" }).ok).toBe(true);
    expect(parseJobSpec("generate", { ...generate, reportsUri: "s3://b/r.jsonl", model: { name: "cxr", alias: "production", version: "v1" } }).ok).toBe(false);
  });
});

describe("sharding", () => {
  it("covers every item exactly once with blocks differing by at most one (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 500 }), (total, count) => {
        let next = 0;
        const sizes: number[] = [];
        for (let index = 0; index < count; index++) {
          const { start, end } = shardRange(total, { index, count });
          expect(start).toBe(next);
          next = end;
          sizes.push(end - start);
        }
        expect(next).toBe(total);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("reads the shard from Batch variables and explains what is missing", () => {
    expect(shardFromEnv({})).toEqual({ index: 0, count: 1 });
    expect(shardFromEnv({ AWS_BATCH_JOB_ARRAY_INDEX: "3", CXR_ARRAY_SIZE: "4" })).toEqual({ index: 3, count: 4 });
    expect(() => shardFromEnv({ AWS_BATCH_JOB_ARRAY_INDEX: "3" })).toThrow(/CXR_ARRAY_SIZE is missing/);
    expect(() => shardFromEnv({ AWS_BATCH_JOB_ARRAY_INDEX: "4", CXR_ARRAY_SIZE: "4" })).toThrow(/outside 0..3/);
    expect(() => shardRange(10, { index: 0, count: 0 })).toThrow(RangeError);
  });
});

describe("exit codes and retries", () => {
  it("codes are unique and only transient/terminated are retryable", () => {
    const codes = Object.values(EXIT);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...RETRYABLE_EXIT_CODES].sort()).toEqual([EXIT.transient, EXIT.terminated].sort());
    expect(describeExitCode(69)).toMatch(/not implemented/);
    expect(describeExitCode(137)).toBe("killed by signal 9");
    for (const [name, entry] of Object.entries(EXIT_MEANINGS)) expect(entry.code).toBe(EXIT[name as keyof typeof EXIT]);
  });

  it("the Batch retry policy retries spot reclaims and exactly the retryable codes, then exits", () => {
    expect(BATCH_EVALUATE_ON_EXIT[0]).toEqual({ action: "RETRY", onStatusReason: "Host EC2*" });
    const retriedCodes = BATCH_EVALUATE_ON_EXIT.filter((r) => r.action === "RETRY" && r.onExitCode).map((r) => Number(r.onExitCode));
    expect(retriedCodes.sort()).toEqual([...RETRYABLE_EXIT_CODES].sort());
    expect(BATCH_EVALUATE_ON_EXIT.at(-1)).toEqual({ action: "EXIT", onReason: "*" });
    expect(BATCH_EVALUATE_ON_EXIT.length).toBeLessThanOrEqual(5); // AWS limit
  });
});

describe("submit validation", () => {
  const request = { kind: "phantom" as const, spec: phantom, arraySize: 2, jobName: "ds-1", idempotencyToken: "t" };
  it("returns the spec with defaults", () => {
    expect(validateSubmitRequest(request)).toMatchObject({ size: 128, count: 10 });
  });
  it("rejects a kind that disagrees with the spec and bad limits, all at once", () => {
    let message = "";
    try {
      validateSubmitRequest({ ...request, kind: "train" as const, arraySize: 10_001, timeoutSeconds: 5, attempts: 11 });
    } catch (err) {
      message = (err as Error).message;
      expect(err).toMatchObject({ code: "invalid_request", retryable: false });
    }
    for (const part of ["arraySize", "timeoutSeconds", "attempts", "spec."]) expect(message).toContain(part);
  });
});
