/** Public API of the text-to-CXR generator (see README.md). */
export { TRAIN_CONFIGS, isTrainConfigName, trainConfigSchema, architectureSchema, HELD_OUT_SEED_BASE, VALIDATION_SEED_BASE, type TrainConfig, type TrainConfigName, type Architecture } from "./config.js";
export { loadGenerator, bundleFiles, compileGraphs, BUNDLE_BATCHES, GeneratorBundleError, type LoadedGenerator } from "./bundle.js";
export { GeneratorModel } from "./model.js";
export { trainGenerator, type TrainRunOptions, type TrainRunResult } from "./train-run.js";
export { type SamplerSettings, type TrajectoryStep, type SampleResult } from "./sampler.js";
export { Tokenizer, learnTokenizer } from "./tokenizer.js";
export { filmGridPng, lossCurvePng, PREVIEW_REPORTS, PREVIEW_SEEDS } from "./preview.js";
