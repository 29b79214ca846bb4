import type { NamedTensors } from "../host-tensor.js";
import { OptimError } from "./errors.js";

/** Trainable parameters and their gradients: float32, keyed by graph name. */
export type Params = NamedTensors<Float32Array>;

/**
 * Everything needed to continue an optimiser bit-exactly: per-parameter buffers (moments) as
 * tensors named `<buffer>/<param>`, and scalars (step count, hyper-parameters) as JSON.
 */
export interface OptimizerState {
  kind: OptimizerKind;
  /** Number of updates applied so far. */
  step: number;
  /** Hyper-parameters, recorded so a restore into a differently configured optimiser fails. */
  hyper: Record<string, number | boolean>;
  tensors: Params;
}

export type OptimizerKind = "adamw" | "sgd";

export interface Optimizer {
  readonly kind: OptimizerKind;
  /** Updates applied so far. */
  readonly stepCount: number;
  /** Applies one update in place to `params` with learning rate `lr`. */
  step(params: Params, grads: Params, lr: number): void;
  /** A deep copy of the state. */
  state(): OptimizerState;
  /** Replaces the state with a copy of `state`; throws naming the first mismatch. */
  restore(state: OptimizerState): void;
}

/** Checks that every parameter has a gradient of the same length, before any update is applied. */
export function checkGrads(names: readonly string[], params: Params, grads: Params): void {
  for (const name of names) {
    const p = params[name];
    const g = grads[name];
    if (p === undefined) {
      throw new OptimError("OPTIM_UNKNOWN_PARAM", `parameter "${name}" was given at construction but is missing from params`);
    }
    if (g === undefined) {
      throw new OptimError("OPTIM_MISSING_GRAD", `no gradient for parameter "${name}"; the step function must return one per trainable parameter`);
    }
    if (g.data.length !== p.data.length) {
      throw new OptimError(
        "OPTIM_SHAPE_MISMATCH",
        `gradient of "${name}" has ${g.data.length} elements [${g.dims.join(",")}], parameter has ${p.data.length} [${p.dims.join(",")}]`,
      );
    }
  }
}

/** Zero buffers shaped like each parameter, one per name. */
export function zerosLike(names: readonly string[], params: Params): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const name of names) {
    const p = params[name];
    if (p === undefined) throw new OptimError("OPTIM_UNKNOWN_PARAM", `parameter "${name}" not found`);
    out.set(name, new Float32Array(p.data.length));
  }
  return out;
}

/** Copies buffers out as `<prefix>/<param>` tensors shaped like the parameters. */
export function exportBuffers(prefix: string, buffers: Map<string, Float32Array>, dims: Map<string, readonly number[]>, into: Params): void {
  for (const [name, buf] of buffers) into[`${prefix}/${name}`] = { dims: [...(dims.get(name) ?? [buf.length])], data: buf.slice() };
}

/** Copies `<prefix>/<param>` tensors back into existing buffers, checking presence and length. */
export function importBuffers(prefix: string, buffers: Map<string, Float32Array>, from: Params): void {
  for (const [name, buf] of buffers) {
    const t = from[`${prefix}/${name}`];
    if (t === undefined) throw new OptimError("OPTIM_BAD_STATE", `optimiser state lacks tensor "${prefix}/${name}"`);
    if (t.data.length !== buf.length) {
      throw new OptimError("OPTIM_BAD_STATE", `optimiser tensor "${prefix}/${name}" has ${t.data.length} elements, parameter has ${buf.length}`);
    }
    buf.set(t.data);
  }
}

/** Throws if a stored hyper-parameter differs from the configured one (silent drift otherwise). */
export function checkHyper(kind: OptimizerKind, expected: Record<string, number | boolean>, state: OptimizerState): void {
  if (state.kind !== kind) throw new OptimError("OPTIM_BAD_STATE", `state is for "${state.kind}", optimiser is "${kind}"`);
  for (const [key, value] of Object.entries(expected)) {
    if (state.hyper[key] !== value) {
      throw new OptimError("OPTIM_BAD_STATE", `hyper-parameter ${key}: state has ${String(state.hyper[key])}, optimiser has ${String(value)}`);
    }
  }
  if (!Number.isInteger(state.step) || state.step < 0) throw new OptimError("OPTIM_BAD_STATE", `step must be a non-negative integer, got ${state.step}`);
}
