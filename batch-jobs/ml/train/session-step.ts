/**
 * Adapts a compiled training graph (see ../README.md: inputs = batch + trainable params, outputs =
 * "loss" and "grad/<param>") to a StepFn. Structural typing keeps this folder free of
 * onnxruntime: anything with `run(feeds)` fits, e.g. runtime's session.
 */
import type { NamedTensors } from "../host-tensor.js";
import type { Params } from "../optim/optimizer.js";
import { TrainError } from "./errors.js";
import type { StepContext, StepFn } from "./trainer.js";

export interface TrainingSessionLike {
  run(feeds: NamedTensors): Promise<NamedTensors>;
}

export interface SessionStepOptions {
  session: TrainingSessionLike;
  /** The batch for a step: inputs of the graph other than the parameters, from ctx.rng only. */
  batch: (ctx: StepContext) => NamedTensors;
  /** Output holding the scalar loss. */
  lossName?: string;
  /** Samples per batch, for samples/s. */
  samples?: number;
}

export function sessionStepFn({ session, batch, lossName = "loss", samples }: SessionStepOptions): StepFn {
  return async (ctx) => {
    const out = await session.run({ ...batch(ctx), ...ctx.params });
    const loss = out[lossName];
    if (loss === undefined || loss.data.length !== 1) throw new TrainError("TRAIN_BAD_CONFIG", `training graph has no scalar output "${lossName}"`);
    const grads: Params = {};
    for (const name of Object.keys(ctx.params)) {
      const g = out[`grad/${name}`];
      if (g === undefined) throw new TrainError("TRAIN_BAD_CONFIG", `training graph has no output "grad/${name}" for trainable parameter "${name}"`);
      if (!(g.data instanceof Float32Array)) throw new TrainError("TRAIN_BAD_CONFIG", `gradient "grad/${name}" must be float32`);
      grads[name] = g as Params[string];
    }
    return { loss: Number(loss.data[0]), grads, ...(samples !== undefined ? { samples } : {}) };
  };
}
