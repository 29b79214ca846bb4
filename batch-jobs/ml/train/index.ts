export { Trainer, stepRng, type StepContext, type StepFn, type StepResult, type TrainerOptions, type CheckpointPolicy, type RunSummary, type StepRecord } from "./trainer.js";
export { createProgress, formatDuration, type ProgressReporter, type ProgressUpdate, type ProgressMode, type ProgressOptions } from "./progress.js";
export { sessionStepFn, type TrainingSessionLike, type SessionStepOptions } from "./session-step.js";
export { TrainError, type TrainErrorCode } from "./errors.js";
