/** SIGTERM → the job's AbortSignal, then a forced retryable exit if the job overstays its grace. */
import { EventEmitter } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { abortOnSigterm, throwIfStopped } from "../../../batch-jobs/jobs/stop-on-signal.js";
import { JobError } from "../../../batch-jobs/jobs/job-error.js";
import { EXIT } from "../../../shared/jobs/exit-codes.js";

class FakeProcess extends EventEmitter {
  readonly exits: number[] = [];
  exit(code: number): void {
    this.exits.push(code);
  }
}

describe("abortOnSigterm", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("aborts the signal on the first SIGTERM", () => {
    const source = new FakeProcess();
    const stop = abortOnSigterm({ source, graceMs: 1000, log: () => undefined });
    expect(stop.signal.aborted).toBe(false);
    source.emit("SIGTERM");
    expect(stop.signal.aborted).toBe(true);
    stop.dispose();
  });

  it("exits with the retryable terminated code when the job overstays the grace", () => {
    const source = new FakeProcess();
    abortOnSigterm({ source, graceMs: 1000, log: () => undefined });
    source.emit("SIGTERM");
    vi.advanceTimersByTime(999);
    expect(source.exits).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(source.exits).toEqual([EXIT.terminated]);
  });

  it("a second SIGTERM does not restart the grace clock", () => {
    const source = new FakeProcess();
    abortOnSigterm({ source, graceMs: 1000, log: () => undefined });
    source.emit("SIGTERM");
    vi.advanceTimersByTime(600);
    source.emit("SIGTERM");
    vi.advanceTimersByTime(400);
    expect(source.exits).toEqual([EXIT.terminated]);
  });

  it("dispose (the job finished) cancels the forced exit and stops listening", () => {
    const source = new FakeProcess();
    const stop = abortOnSigterm({ source, graceMs: 1000, log: () => undefined });
    source.emit("SIGTERM");
    stop.dispose();
    vi.advanceTimersByTime(5000);
    expect(source.exits).toEqual([]);
    expect(source.listenerCount("SIGTERM")).toBe(0);
  });

  it("listens to SIGINT only when asked (local scripts: Ctrl-C stops like SIGTERM)", () => {
    const container = new FakeProcess();
    abortOnSigterm({ source: container, log: () => undefined });
    expect(container.listenerCount("SIGINT")).toBe(0);
    const local = new FakeProcess();
    const stop = abortOnSigterm({ source: local, graceMs: 1000, log: () => undefined, signals: ["SIGTERM", "SIGINT"] });
    local.emit("SIGINT");
    expect(stop.signal.aborted).toBe(true);
    stop.dispose();
    expect(local.listenerCount("SIGINT") + local.listenerCount("SIGTERM")).toBe(0);
  });
});

describe("throwIfStopped", () => {
  it("does nothing while the signal is not aborted", () => {
    expect(() => throwIfStopped(new AbortController().signal, "after 3 films")).not.toThrow();
  });

  it("throws the terminated JobError (exit 143) naming the progress once aborted", () => {
    const controller = new AbortController();
    controller.abort();
    let thrown: unknown;
    try {
      throwIfStopped(controller.signal, "after 3 films");
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(JobError);
    expect((thrown as JobError).exitCode).toBe(EXIT.terminated);
    expect((thrown as JobError).message).toContain("after 3 films");
  });
});
