import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listCheckpoints, loadLatestCheckpoint } from "../../../../batch-jobs/ml/checkpoint/index.js";
import { createAdamW, warmupCosine } from "../../../../batch-jobs/ml/optim/index.js";
import { createProgress, Trainer } from "../../../../batch-jobs/ml/train/index.js";
import { initParams, regressionStep } from "./toy-regression.js";

const CHILD = join(import.meta.dirname, "fixtures", "train-child.ts");
const TOTAL = 200;

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "kill-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

interface ChildRun {
  lines: Array<Record<string, unknown>>;
  signal: NodeJS.Signals | null;
  code: number | null;
}

/** Runs the child; with `killAtStep`, sends SIGKILL as soon as it reports that step. */
function runChild(killAtStep?: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, root, String(TOTAL)], { stdio: ["ignore", "pipe", "inherit"] });
    const lines: ChildRun["lines"] = [];
    let buffer = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split("\n");
      buffer = parts.pop()!;
      for (const p of parts) {
        const line = JSON.parse(p) as Record<string, unknown>;
        lines.push(line);
        if (killAtStep !== undefined && line.event === "progress" && (line.step as number) >= killAtStep) child.kill("SIGKILL");
      }
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ lines, signal, code }));
  });
}

describe("kill -9 and resume", () => {
  it("a child killed with SIGKILL mid-run resumes from its checkpoint to the uninterrupted result", async () => {
    const killed = await runChild(35);
    expect(killed.signal).toBe("SIGKILL");
    const reached = Math.max(...killed.lines.filter((l) => l.event === "progress").map((l) => l.step as number));
    expect(reached).toBeLessThan(TOTAL);
    const savedAtKill = listCheckpoints(root).at(-1)!.step;
    expect(savedAtKill).toBeGreaterThanOrEqual(30);

    const resumed = await runChild();
    expect(resumed.code).toBe(0);
    expect(resumed.lines[0]).toMatchObject({ event: "resume", step: savedAtKill });

    // The same run in this process, never interrupted.
    const params = initParams(42);
    await Trainer.create({
      params,
      optimizer: createAdamW(params),
      stepFn: regressionStep,
      seed: 7,
      totalSteps: TOTAL,
      schedule: warmupCosine({ peakLr: 0.05, minLr: 0.001, warmupSteps: 5, totalSteps: TOTAL }),
      clipNorm: 10,
      progress: createProgress({ mode: "off" }),
    }).run();
    const final = loadLatestCheckpoint(root)!;
    expect(final.manifest.step).toBe(TOTAL);
    for (const name of ["w", "b"]) {
      expect(Array.from(final.weights[name]!.data as Float32Array)).toEqual(Array.from(params[name]!.data));
    }
  });
});
