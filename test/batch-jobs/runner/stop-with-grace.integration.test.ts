/** SIGTERM, then SIGKILL after the grace: a child that honours SIGTERM exits at once, one that ignores it is killed. */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { hasExited, stopWithGrace } from "../../../batch-jobs/runner/stop-with-grace.js";

/** A node child that prints "ready" once its SIGTERM handler is installed. */
function child(onSigterm: string, detached = false) {
  const proc = spawn(process.execPath, ["-e", `process.on("SIGTERM", () => { ${onSigterm} }); console.log("ready"); setInterval(() => {}, 1000);`], { stdio: ["ignore", "pipe", "ignore"], detached });
  const ready = new Promise<void>((r) => proc.stdout!.once("data", () => r()));
  return { proc, ready };
}

describe("stopWithGrace", () => {
  it("a child that exits on SIGTERM is not SIGKILLed", async () => {
    const { proc, ready } = child("process.exit(143)");
    await ready;
    await stopWithGrace(proc, { graceMs: 10_000 });
    expect(proc.exitCode).toBe(143);
    expect(proc.signalCode).toBeNull();
  });

  it("a child that ignores SIGTERM is SIGKILLed after the grace", async () => {
    const { proc, ready } = child("/* ignored */");
    await ready;
    const started = Date.now();
    await stopWithGrace(proc, { graceMs: 300 });
    expect(proc.signalCode).toBe("SIGKILL");
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it("signals the whole process group when asked", async () => {
    const { proc, ready } = child("/* ignored */", true);
    await ready;
    await stopWithGrace(proc, { graceMs: 200, group: true });
    expect(proc.signalCode).toBe("SIGKILL");
  });

  it("resolves at once for a child that has already exited", async () => {
    const { proc, ready } = child("process.exit(0)");
    await ready;
    await stopWithGrace(proc, { graceMs: 10_000 });
    expect(hasExited(proc)).toBe(true);
    await stopWithGrace(proc, { graceMs: 10_000 });
  });
});
