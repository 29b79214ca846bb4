/**
 * One job attempt from command line to exit code: parse arguments, read and validate the spec,
 * work out the shard, report started, run the kind's module, report the outcome. Never throws:
 * every failure becomes an exit code (shared/jobs/exit-codes.ts) and one clear message.
 */
import { CallbackClient } from "../../shared/jobs/callback-client.js";
import { EXIT } from "../../shared/jobs/exit-codes.js";
import { isJobKind, JOB_KINDS, parseJobSpec, type JobKind } from "../../shared/jobs/kinds.js";
import { BATCH_ENV, shardFromEnv, type Shard } from "../../shared/jobs/sharding.js";
import { classifyFailure } from "./classify-failure.js";
import { JOB_MODULES } from "./index.js";
import type { JobContext } from "./job-context.js";
import { JobError } from "./job-error.js";
import { JobReporter } from "./job-reporter.js";
import { readSpecDocument } from "./spec-source.js";

export const USAGE = `usage: main.js <${JOB_KINDS.join("|")}> --spec <data:…|file:///…|s3://…>`;

export interface RunJobIo {
  env: Record<string, string | undefined>;
  /** Human-readable error lines (stderr). */
  error: (line: string) => void;
  /** Structured event lines (stdout). */
  log?: (line: string) => void;
  fetch?: typeof fetch;
  /** First retry delay of edge callbacks (doubles per attempt); tests shorten it. */
  callbackBackoffMs?: number;
  /** Aborted when the process is asked to stop (main.ts wires SIGTERM); never aborted if absent. */
  signal?: AbortSignal;
}

export async function runJob(argv: readonly string[], io: RunJobIo): Promise<number> {
  let reporter: JobReporter | null = null;
  try {
    const { kind, specUri } = parseArgv(argv);
    const raw = await readSpecDocument(specUri, io.env);
    const parsed = parseJobSpec(kind, raw);
    if (!parsed.ok) throw new JobError("invalidSpec", "invalid_spec", `The ${kind} spec is invalid:\n  - ${parsed.issues.join("\n  - ")}`);
    let shard: Shard;
    try {
      shard = shardFromEnv(io.env);
    } catch (err) {
      throw new JobError("usage", "shard_env_invalid", (err as Error).message);
    }
    const attempt = Number(io.env[BATCH_ENV.attempt] ?? "1") || 1;
    const backendJobId = io.env[BATCH_ENV.jobId] ?? "manual";
    const callback = callbackClient(io);
    reporter = new JobReporter({ jobId: parsed.spec.jobId, kind, backendJobId, shard, attempt }, callback, io.log);
    await reporter.status("started");
    const ctx = { kind, spec: parsed.spec, shard, attempt, backendJobId, env: io.env, reporter, callback, signal: io.signal ?? new AbortController().signal } as JobContext;
    await (JOB_MODULES[kind] as (c: JobContext) => Promise<void>)(ctx);
    await reporter.status("succeeded", { exitCode: EXIT.ok });
    return EXIT.ok;
  } catch (err) {
    const failure = classifyFailure(err, io.signal);
    io.error(`job failed (${failure.code}, exit ${failure.exitCode}): ${failure.message}`);
    if (failure.exitCode === EXIT.internal && err instanceof Error && err.stack) io.error(err.stack);
    if (reporter) {
      await reporter
        .status("failed", { exitCode: failure.exitCode, errorCode: failure.code, message: failure.message.slice(0, 2000) })
        .catch((e: unknown) => io.error(`could not report the failure to the edge: ${(e as Error).message}`));
    }
    return failure.exitCode;
  }
}

function parseArgv(argv: readonly string[]): { kind: JobKind; specUri: string } {
  const [kind, ...rest] = argv;
  if (!kind || kind === "--help") throw new JobError("usage", "usage", USAGE);
  if (!isJobKind(kind)) throw new JobError("usage", "unknown_kind", `Unknown job kind "${kind}". ${USAGE}`);
  const i = rest.indexOf("--spec");
  const specUri = i >= 0 ? rest[i + 1] : undefined;
  if (!specUri) throw new JobError("usage", "spec_missing", `Missing --spec <uri>. ${USAGE}`);
  const unknown = rest.filter((a, j) => j !== i && j !== i + 1);
  if (unknown.length) throw new JobError("usage", "unknown_argument", `Unexpected argument(s): ${unknown.join(" ")}. ${USAGE}`);
  return { kind, specUri };
}

function callbackClient(io: RunJobIo): CallbackClient | null {
  const baseUrl = io.env[BATCH_ENV.callbackUrl];
  if (!baseUrl) return null;
  const secret = io.env[BATCH_ENV.callbackSecret];
  if (!secret) throw new JobError("usage", "callback_secret_missing", `${BATCH_ENV.callbackUrl} is set but ${BATCH_ENV.callbackSecret} is not; the edge rejects unsigned events.`);
  const f = io.fetch ?? fetch;
  return new CallbackClient({
    baseUrl,
    secret,
    fetch: (url, init) => f(url, init as RequestInit),
    ...(io.callbackBackoffMs !== undefined ? { backoffMs: io.callbackBackoffMs } : {}),
  });
}
