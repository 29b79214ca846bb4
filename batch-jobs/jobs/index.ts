/** One module per job kind; a typed registry so a missing kind is a compile error. */
import type { JobKind } from "../../shared/jobs/kinds.js";
import { runEvaluateJob } from "./evaluate.js";
import { runFinetuneJob } from "./finetune.js";
import { runGenerateJob } from "./generate.js";
import type { JobModule } from "./job-context.js";
import { runPhantomJob } from "./phantom.js";
import { runTrainJob } from "./train.js";

export const JOB_MODULES: { [K in JobKind]: JobModule<K> } = {
  phantom: runPhantomJob,
  generate: runGenerateJob,
  finetune: runFinetuneJob,
  train: runTrainJob,
  evaluate: runEvaluateJob,
};
