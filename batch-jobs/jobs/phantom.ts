/** The "phantom" job: wired to the simulator and dataset writer as they land (see README). */
import type { JobModule } from "./job-context.js";
import { notImplemented } from "./job-error.js";

export const runPhantomJob: JobModule<"phantom"> = async () => {
  throw notImplemented("phantom", "the simulator (batch-jobs/data/phantom/simulate.ts) has not landed yet");
};
