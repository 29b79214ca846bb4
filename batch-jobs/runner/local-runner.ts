/**
 * The local stand-in for AWS Batch: runs the job entrypoint as child processes with the
 * environment Batch would set, at most `concurrency` at a time, retrying attempts that end with a
 * retryable exit code (shared/jobs/exit-codes.ts) while attempts remain. Every change is
 * persisted (state-file.ts), so a restarted runner resumes: attempts that were running when the
 * runner died count as lost (like a reclaimed spot host) and are retried.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { BackendError, type BackendJobStatus, type SubmitRequest, type SubmitResult } from "../../shared/jobs/backend.js";
import { describeExitCode, RETRYABLE_EXIT_CODES } from "../../shared/jobs/exit-codes.js";
import { BATCH_ENV } from "../../shared/jobs/sharding.js";
import { validateSubmitRequest } from "../../shared/jobs/submit-validation.js";
import { childJobId, childStatus, isArray, newJobRecord, parentState, toBackendStatus, type ChildRecord, type JobRecord } from "./job-record.js";
import type { RunnerApiTarget } from "./runner-api.js";
import { writeFileAtomicAsync } from "../fs/atomic-file.js";
import { StateFile } from "./state-file.js";
import { stopWithGrace } from "./stop-with-grace.js";

export interface LocalRunnerOptions {
  /** Folder for the state file, specs and logs. */
  stateDir: string;
  /** Command that runs one job attempt; `<kind> --spec <uri>` is appended. */
  entryCommand: readonly string[];
  /** Most attempts running at once. */
  concurrency: number;
  /** Extra environment for every attempt (callback URL, secrets, registry URI). */
  env?: Record<string, string>;
  /** Grace between SIGTERM and SIGKILL on cancel/timeout. */
  killGraceMs?: number;
  /** Finished jobs older than this are dropped from the state file at start (default 7 days). */
  retentionMs?: number;
}

interface Running {
  process: ChildProcess;
  job: JobRecord;
  child: ChildRecord;
  /** Set when we stopped it on purpose, with the reason to record. */
  stopReason?: { reason: string; retry: boolean };
  timer?: NodeJS.Timeout;
}

export class LocalRunner implements RunnerApiTarget {
  private jobs = new Map<string, JobRecord>();
  private byToken = new Map<string, string>();
  private running = new Map<string, Running>();
  private readonly stateFile: StateFile;
  private stopping = false;
  private readonly killGraceMs: number;

  constructor(private readonly options: LocalRunnerOptions) {
    this.stateFile = new StateFile(options.stateDir);
    this.killGraceMs = options.killGraceMs ?? 10_000;
  }

  /** Loads persisted jobs; attempts the previous runner left running are marked lost and rescheduled. */
  async start(): Promise<void> {
    const data = await this.stateFile.load();
    const cutoff = Date.now() - (this.options.retentionMs ?? 7 * 24 * 3600 * 1000);
    for (const job of data.jobs) {
      const finished = job.children.every((c) => c.state === "succeeded" || c.state === "failed");
      const lastStop = Math.max(0, ...job.children.map((c) => (c.stoppedAt ? Date.parse(c.stoppedAt) : 0)));
      if (finished && lastStop < cutoff) continue; // keeps the state file (rewritten on every change) small
      this.jobs.set(job.backendJobId, job);
      this.byToken.set(job.idempotencyToken, job.backendJobId);
      for (const child of job.children) {
        if (child.state !== "running") continue;
        await killOrphan(child.pid, childJobId(job, child.index));
        delete child.pid;
        this.finishAttempt(job, child, undefined, "Runner restarted while the attempt ran (attempt lost)", true);
      }
    }
    await this.persist();
    this.pump();
  }

  async submit(request: SubmitRequest): Promise<SubmitResult> {
    const spec = validateSubmitRequest(request);
    const existing = this.byToken.get(request.idempotencyToken);
    if (existing) return { backendJobId: existing, deduplicated: true };
    if (this.stopping) throw new BackendError("unavailable", "The local runner is shutting down; retry shortly.");
    const id = `local-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
    const job = newJobRecord(id, request, spec, new Date());
    this.jobs.set(id, job);
    this.byToken.set(request.idempotencyToken, id);
    await this.persist();
    this.pump();
    return { backendJobId: id, deduplicated: false };
  }

  /** Parents by id, children by `<id>:<index>`; unknown ids are omitted. */
  describe(ids: readonly string[]): BackendJobStatus[] {
    const out: BackendJobStatus[] = [];
    for (const id of ids) {
      const [parentId, indexText] = id.split(":");
      const job = this.jobs.get(parentId ?? "");
      if (!job) continue;
      if (indexText === undefined) out.push(toBackendStatus(job));
      else {
        const child = isArray(job) ? job.children[Number(indexText)] : undefined;
        if (child) out.push(childStatus(job, child));
      }
    }
    return out;
  }

  async cancel(id: string, reason: string): Promise<void> {
    const job = this.jobs.get(id.split(":")[0] ?? "");
    if (!job) throw new BackendError("invalid_request", `No job ${id} on this runner.`);
    const state = parentState(job);
    if (state === "succeeded" || state === "failed") return;
    job.cancelReason = `Cancelled: ${reason}`;
    for (const child of job.children) {
      if (child.state === "runnable") this.finishAttempt(job, child, undefined, job.cancelReason, false);
    }
    for (const run of this.running.values()) {
      if (run.job === job) void this.stop(run, job.cancelReason, false);
    }
    await this.persist();
  }

  /** Where the log of one child lives (all its attempts, appended). */
  logPath(backendJobId: string, index: number): string {
    return path.join(this.options.stateDir, "logs", backendJobId, `${index}.log`);
  }

  async readLog(backendJobId: string, index: number): Promise<string | null> {
    return readFile(this.logPath(backendJobId, index), "utf8").catch(() => null);
  }

  health(): Record<string, unknown> {
    return { backend: "local", concurrency: this.options.concurrency, ...this.counts() };
  }

  counts(): { running: number; runnable: number; jobs: number } {
    let runnable = 0;
    for (const job of this.jobs.values()) runnable += job.children.filter((c) => c.state === "runnable").length;
    return { running: this.running.size, runnable, jobs: this.jobs.size };
  }

  /**
   * Stops taking work. Running attempts get SIGTERM and are recorded as runnable again without
   * using up an attempt, so the next runner start picks them up (the jobs resume their outputs).
   */
  async shutdown(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.running.values()].map((run) => this.stop(run, "Runner shut down", true)));
    await this.persist();
  }

  /** Starts runnable children while below the concurrency limit (oldest job, lowest index first). */
  private pump(): void {
    if (this.stopping) return;
    // Count states, not processes: launch() marks a child running before its process exists.
    let active = 0;
    for (const job of this.jobs.values()) active += job.children.filter((c) => c.state === "running").length;
    for (const job of this.jobs.values()) {
      for (const child of job.children) {
        if (active >= this.options.concurrency) return;
        if (child.state === "runnable" && !job.cancelReason) {
          active++;
          void this.launch(job, child);
        }
      }
    }
  }

  private async launch(job: JobRecord, child: ChildRecord): Promise<void> {
    child.state = "running";
    child.attempts += 1;
    child.startedAt = new Date().toISOString();
    delete child.exitCode;
    delete child.statusReason;
    const id = childJobId(job, child.index);
    const specPath = path.join(this.options.stateDir, "specs", `${job.backendJobId}.json`);
    const logFile = this.logPath(job.backendJobId, child.index);
    await mkdir(path.dirname(specPath), { recursive: true });
    await mkdir(path.dirname(logFile), { recursive: true });
    // Atomic: sibling children of the array may be reading this file right now. Not fsynced: every launch rewrites it.
    await writeFileAtomicAsync(specPath, JSON.stringify(job.spec), { durable: false });
    const log = createWriteStream(logFile, { flags: "a" });
    log.write(`=== ${new Date().toISOString()} attempt ${child.attempts} of ${job.maxAttempts} (${id}) ===\n`);
    if (this.stopping || job.cancelReason) {
      // Stopped or cancelled while we were preparing: give the attempt back.
      child.state = job.cancelReason ? "failed" : "runnable";
      child.attempts -= 1;
      log.end();
      return;
    }
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      ...this.options.env,
      [BATCH_ENV.jobId]: id,
      [BATCH_ENV.attempt]: String(child.attempts),
      [BATCH_ENV.queue]: "local",
      [BATCH_ENV.computeEnvironment]: "local",
    };
    delete env[BATCH_ENV.arrayIndex];
    delete env[BATCH_ENV.arraySize];
    if (isArray(job)) {
      env[BATCH_ENV.arrayIndex] = String(child.index);
      env[BATCH_ENV.arraySize] = String(job.arraySize);
    }
    const [command, ...args] = this.options.entryCommand;
    const proc = spawn(command!, [...args, job.kind, "--spec", pathToFileURL(specPath).href], { env, stdio: ["ignore", "pipe", "pipe"] });
    const run: Running = { process: proc, job, child };
    this.running.set(id, run);
    if (proc.pid !== undefined) child.pid = proc.pid;
    proc.stdout?.pipe(log, { end: false });
    proc.stderr?.pipe(log, { end: false });
    if (job.timeoutSeconds) {
      run.timer = setTimeout(() => void this.stop(run, `Job attempt duration exceeded timeout (${job.timeoutSeconds} s)`, false), job.timeoutSeconds * 1000);
    }
    proc.on("error", (err) => log.write(`runner: could not start ${command}: ${err.message}\n`));
    proc.on("close", (code, signal) => {
      clearTimeout(run.timer);
      this.running.delete(id);
      const exitCode = code ?? (signal ? 128 + signalNumber(signal) : 1);
      const reason = run.stopReason?.reason ?? (exitCode === 0 ? "Essential container in task exited" : `Exit code ${exitCode}: ${describeExitCode(exitCode)}`);
      log.end(`=== attempt ${child.attempts} ended: exit ${exitCode}${signal ? ` (${signal})` : ""}: ${reason} ===\n`);
      delete child.pid;
      if (run.stopReason?.retry && this.stopping) {
        // Graceful runner shutdown: give the attempt back so the next start reruns it.
        child.state = "runnable";
        child.attempts -= 1;
        child.statusReason = reason;
      } else {
        this.finishAttempt(job, child, exitCode, reason, run.stopReason ? run.stopReason.retry : RETRYABLE_EXIT_CODES.includes(exitCode));
      }
      void this.persist();
      this.pump();
    });
    await this.persist();
  }

  private finishAttempt(job: JobRecord, child: ChildRecord, exitCode: number | undefined, reason: string, retryable: boolean): void {
    child.stoppedAt = new Date().toISOString();
    if (exitCode !== undefined) child.exitCode = exitCode;
    child.statusReason = reason;
    if (exitCode === 0) child.state = "succeeded";
    else if (retryable && !job.cancelReason && child.attempts < job.maxAttempts) child.state = "runnable";
    else child.state = "failed";
  }

  /** SIGTERM, SIGKILL after the grace; resolves when the attempt's process has exited. */
  private stop(run: Running, reason: string, retry: boolean): Promise<void> {
    run.stopReason = { reason, retry };
    return stopWithGrace(run.process, { graceMs: this.killGraceMs });
  }

  private persist(): Promise<void> {
    return this.stateFile.save({ version: 1, jobs: [...this.jobs.values()] });
  }
}

function signalNumber(signal: NodeJS.Signals): number {
  return ({ SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 } as Record<string, number>)[signal] ?? 0;
}

/**
 * An attempt whose runner died may still be running (children outlive a SIGKILLed parent). Kill
 * it only if /proc shows it is really our attempt (pid reuse), so a retry never races it.
 */
async function killOrphan(pid: number | undefined, jobId: string): Promise<void> {
  if (pid === undefined) return;
  const environ = await readFile(`/proc/${pid}/environ`, "latin1").catch(() => null);
  if (!environ?.split("\0").includes(`${BATCH_ENV.jobId}=${jobId}`)) return;
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    return;
  }
  for (let i = 0; i < 100; i++) {
    const alive = await readFile(`/proc/${pid}/stat`, "latin1").then((s) => !/^\d+ \(.*\) Z/.test(s), () => false);
    if (!alive) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}
