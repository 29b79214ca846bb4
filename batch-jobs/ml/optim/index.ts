export { createAdamW, defaultAdamW, type AdamWConfig } from "./adamw.js";
export { createSgd, defaultSgd, type SgdConfig } from "./sgd.js";
export { clipGradNorm, globalNorm } from "./clip.js";
export { warmupCosine, constantLr, type LrSchedule, type WarmupCosineConfig } from "./schedule.js";
export { OptimError, type OptimErrorCode } from "./errors.js";
export type { Optimizer, OptimizerKind, OptimizerState, Params } from "./optimizer.js";
export { withEma, type EmaOptimizer } from "./ema.js";
