/**
 * No Docker engine exists on this machine, so the image cannot be built here; these checks pin
 * the Dockerfile's key lines (CUDA base, Node 20, CUDA onnxruntime install, non-root user,
 * entrypoint) and that the .dockerignore keeps what the build needs.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const dockerfile = readFileSync(path.join(repo, "Dockerfile"), "utf8");
const ignore = readFileSync(path.join(repo, ".dockerignore"), "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
const instructions = dockerfile
  .replace(/\\\n/g, " ")
  .split("\n")
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith("#"));
const stages = instructions.filter((l) => l.startsWith("FROM "));
const runtime = instructions.slice(instructions.findIndex((l) => / AS runtime$/.test(l)));

describe("Dockerfile", () => {
  it("runs on the NVIDIA CUDA 12 cuDNN runtime (Ubuntu 22.04) with Node 20", () => {
    expect(stages.at(-1)).toMatch(/^FROM nvidia\/cuda:12\.\d+\.\d+-cudnn-runtime-ubuntu22\.04 AS runtime$/);
    expect(runtime.join("\n")).toMatch(/node_20\.x/);
    expect(stages[0]).toMatch(/^FROM node:20/);
  });

  it("installs production dependencies only, with onnxruntime's CUDA 12 binaries", () => {
    const install = runtime.find((l) => l.includes("npm ci"));
    expect(install).toMatch(/--omit=dev/);
    expect(install).toMatch(/--onnxruntime-node-install=cuda12/);
    // The repo's .npmrc skips that download; it must not be copied into the runtime stage.
    expect(runtime.filter((l) => l.startsWith("COPY") && l.includes(".npmrc"))).toEqual([]);
  });

  it("runs as the non-root uid the job definitions expect, with main.js as entrypoint", () => {
    const user = runtime.filter((l) => l.startsWith("USER "));
    expect(user).toEqual(["USER 1001:1001"]);
    expect(runtime.join("\n")).toMatch(/useradd --uid 1001/);
    expect(runtime.find((l) => l.startsWith("ENTRYPOINT"))).toBe('ENTRYPOINT ["node", "/app/dist/batch-jobs/main.js"]');
    expect(runtime.indexOf(user[0]!)).toBeLessThan(runtime.findIndex((l) => l.startsWith("ENTRYPOINT")));
  });

  it("ships the compiled batch-jobs and shared code", () => {
    expect(runtime).toContain("COPY --from=build /app/dist/batch-jobs ./dist/batch-jobs");
    expect(runtime).toContain("COPY --from=build /app/dist/shared ./dist/shared");
  });

  it(".dockerignore keeps the build inputs and drops the rest", () => {
    for (const needed of ["shared", "batch-jobs", "package.json", "package-lock.json", "tsconfig.base.json", ".npmrc"]) expect(ignore).not.toContain(needed);
    for (const dropped of ["node_modules", "dist", ".git", "test"]) expect(ignore).toContain(dropped);
  });
});
