/**
 * The batch container's entrypoint (AWS Batch and the local runner run the same file):
 *   node dist/batch-jobs/main.js <kind> --spec <uri>
 * Exit codes: shared/jobs/exit-codes.ts. SIGTERM (spot reclaim, cancel, timeout) aborts the job's
 * signal: it stops at a safe point, reports its failed status and exits 143 (retried; the retry
 * resumes from what was written) within STOP_GRACE_MS (./jobs/stop-on-signal.ts).
 */
import { runJob } from "./jobs/run-job.js";
import { abortOnSigterm } from "./jobs/stop-on-signal.js";

const error = (line: string) => process.stderr.write(line + "\n");
const stop = abortOnSigterm({ log: error });
const code = await runJob(process.argv.slice(2), { env: process.env, error, signal: stop.signal });
stop.dispose();
process.exitCode = code;
