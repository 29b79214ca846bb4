/**
 * The batch container's entrypoint (AWS Batch and the local runner run the same file):
 *   node dist/batch-jobs/main.js <kind> --spec <uri>
 * Exit codes: shared/jobs/exit-codes.ts. SIGTERM (spot reclaim, cancel, timeout) exits 143 so
 * the attempt is retried and the job resumes from what it already wrote.
 */
import { EXIT } from "../shared/jobs/exit-codes.js";
import { runJob } from "./jobs/run-job.js";

process.on("SIGTERM", () => {
  process.stderr.write("job: SIGTERM received, stopping (outputs written so far are kept; a retry resumes)\n");
  process.exit(EXIT.terminated);
});

const code = await runJob(process.argv.slice(2), {
  env: process.env,
  error: (line) => process.stderr.write(line + "\n"),
});
process.exitCode = code;
