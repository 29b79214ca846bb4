/**
 * Stopping a child process the way AWS Batch stops a container: SIGTERM, then SIGKILL if it is
 * still alive after a grace period. The one copy used by the local runner (cancel, timeout,
 * shutdown) and the local platform's supervisor (scripts/lib/services.ts).
 */
import type { ChildProcess } from "node:child_process";

export interface StopWithGraceOptions {
  /** Time between SIGTERM and SIGKILL. */
  graceMs: number;
  /** Signal the child's whole process group (the child was spawned with `detached: true`). */
  group?: boolean;
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** SIGTERM now, SIGKILL after `graceMs`; resolves once the child has exited (at once if it already has). */
export function stopWithGrace(child: ChildProcess, options: StopWithGraceOptions): Promise<void> {
  if (hasExited(child) || child.pid === undefined) return Promise.resolve();
  const pid = child.pid;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const send = (signal: NodeJS.Signals) => {
    try {
      if (options.group) process.kill(-pid, signal);
      else child.kill(signal);
    } catch {
      // Already gone.
    }
  };
  send("SIGTERM");
  const hard = setTimeout(() => send("SIGKILL"), options.graceMs);
  return exited.finally(() => clearTimeout(hard));
}
