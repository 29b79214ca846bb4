/**
 * How a job process stops when it is asked to (SIGTERM: spot reclaim, cancel, attempt timeout).
 * The first SIGTERM aborts the job's AbortSignal (JobContext.signal); the job stops at its next
 * safe point (between items or training steps, see throwIfStopped), run-job reports the attempt
 * failed with the retryable `terminated` exit code, and the process exits. Should the job not
 * have exited within the grace period, the process exits 143 at once: the platform would SIGKILL
 * it soon anyway (the local runner 10 s after SIGTERM, ECS after its stopTimeout, 30 s by
 * default), and everything already committed is kept for the retry to resume from.
 */
import { EXIT } from "../../shared/jobs/exit-codes.js";
import { JobError } from "./job-error.js";

/** Below both platforms' SIGTERM → SIGKILL gap, so the job's own exit (and event) wins. */
export const STOP_GRACE_MS = 8_000;

export type StopSignal = "SIGTERM" | "SIGINT";

/** The part of `process` this needs (tests pass a fake). */
export interface SignalSource {
  on(signal: StopSignal, listener: () => void): unknown;
  off(signal: StopSignal, listener: () => void): unknown;
  exit(code: number): void;
}

export interface AbortOnSigtermOptions {
  /** Longest wait between SIGTERM and the forced exit. */
  graceMs?: number;
  /** Human-readable lines (stderr). */
  log?: (line: string) => void;
  source?: SignalSource;
  /** The signals that stop the job: SIGTERM in a container; local scripts add SIGINT (Ctrl-C). */
  signals?: readonly StopSignal[];
}

export interface StopHandle {
  /** Aborted on the first stop signal. */
  signal: AbortSignal;
  /** Removes the listener and any pending forced exit (call when the job has finished). */
  dispose(): void;
}

export function abortOnSigterm(options: AbortOnSigtermOptions = {}): StopHandle {
  const source = options.source ?? process;
  const graceMs = options.graceMs ?? STOP_GRACE_MS;
  const log = options.log ?? ((line: string) => process.stderr.write(line + "\n"));
  const controller = new AbortController();
  let forced: ReturnType<typeof setTimeout> | undefined;
  const onStop = (name: StopSignal) => {
    if (controller.signal.aborted) return; // a second signal changes nothing: the grace clock already runs
    log(`job: ${name} received, stopping at the next safe point (at most ${graceMs} ms; outputs written so far are kept and a retry resumes)`);
    controller.abort(new Error(name));
    forced = setTimeout(() => {
      log(`job: not stopped ${graceMs} ms after ${name}, exiting now (exit ${EXIT.terminated}; a retry resumes)`);
      source.exit(EXIT.terminated);
    }, graceMs);
    forced.unref?.();
  };
  const listeners = (options.signals ?? ["SIGTERM"]).map((name) => [name, () => onStop(name)] as const);
  for (const [name, listener] of listeners) source.on(name, listener);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const [name, listener] of listeners) source.off(name, listener);
      clearTimeout(forced);
    },
  };
}

/** A safe point: throws the retryable `terminated` failure when the job was asked to stop. */
export function throwIfStopped(signal: AbortSignal, progress: string): void {
  if (signal.aborted) throw new JobError("terminated", "terminated", `stopped by SIGTERM ${progress}; what was written is kept and a retry resumes from it.`);
}
