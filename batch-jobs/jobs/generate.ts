/**
 * The "generate" job. Its spec is already part of the contract (shared/jobs/kinds.ts) so the edge and
 * the infrastructure can be built against it, but the job itself fails fast with exit code
 * EXIT.notImplemented (69) rather than pretending to work.
 */
import type { JobModule } from "./job-context.js";
import { notImplemented } from "./job-error.js";

export const runGenerateJob: JobModule<"generate"> = async () => {
  throw notImplemented("generate", "text-to-CXR inference needs a trained model bundle and the sampler from batch-jobs/ml/, which have not landed in this release");
};
