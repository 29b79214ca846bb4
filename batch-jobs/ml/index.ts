/** Public API of the ML engine (see README.md). */
// --- engine-core: graph builder, autodiff, ONNX emission, runtime, layers ---
export { GraphBuilder, type GraphOptions, type ParamInfo, type LoraPair } from "./graph/builder.js";
export { Tensor, type DType, type FloatDType } from "./graph/tensor.js";
export type { OpName, PrimitiveOp } from "./graph/op-names.js";
export { MlError, type MlErrorCode } from "./graph/errors.js";
export { initParameters, fanInUniform, type Init } from "./graph/init.js";
export * as op from "./graph/ops/index.js";
export { dropoutMask } from "./graph/ops/dropout.js";
export { gradients } from "./autodiff/gradients.js";
export { gradRules } from "./autodiff/rules.js";
export {
  compileInference,
  compileTraining,
  type CompiledModel,
  type TensorSpec,
  type ParamValues,
  type InferenceOptions,
  type TrainingOptions,
} from "./onnx/compile.js";
export { Runtime, SessionCache, PROVIDERS, type Provider, type RuntimeOptions, type RunOptions } from "./runtime/ort.js";
export * as nn from "./nn/index.js";
export { mergeLora } from "./nn/lora.js";
export type { HostTensor, NamedTensors, HostData } from "./host-tensor.js";
// --- engine-train: optimisers, checkpoints, training loop (their exports below) ---
export { createAdamW, createSgd, withEma, clipGradNorm, globalNorm, warmupCosine, constantLr, OptimError } from "./optim/index.js";
export type { Optimizer, EmaOptimizer, OptimizerState, OptimizerKind, Params, AdamWConfig, SgdConfig, LrSchedule, WarmupCosineConfig } from "./optim/index.js";
export { saveCheckpoint, loadCheckpoint, loadLatestCheckpoint, listCheckpoints, encodeSafetensors, decodeSafetensors, CheckpointError } from "./checkpoint/index.js";
export type { CheckpointManifest, CheckpointInput, LoadedCheckpoint } from "./checkpoint/index.js";
export { Trainer, stepRng, createProgress, sessionStepFn, TrainError } from "./train/index.js";
export type { StepFn, StepContext, StepResult, TrainerOptions, RunSummary } from "./train/index.js";
