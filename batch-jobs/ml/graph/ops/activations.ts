/** Composite activations, built from primitives so only primitives need gradient rules. */
import { Tensor } from "../tensor.js";
import { requireFloat } from "./util.js";
import { abs, add, erf, exp, log, mul, neg, pow, relu, sigmoid, tanh } from "./elementwise.js";

/** SiLU / swish: x·σ(x) (Elfwing et al. 2018). */
export const silu = (x: Tensor): Tensor => mul(x, sigmoid(x));

/**
 * Exact GELU x·Φ(x) = ½x(1 + erf(x/√2)) (Hendrycks & Gimpel 2016, eq. 1) as the fused ONNX Gelu
 * (opset 20): one kernel forward instead of five; its rule is a primitive graph. float32 only on
 * ORT CPU (use geluTanh or geluComposite in float64 graphs).
 */
export function gelu(x: Tensor): Tensor {
  requireFloat("Gelu", x);
  return x.g.node("Gelu", [x], x.shape, x.dtype);
}

/** The same exact GELU from primitives (Mul/Erf/Add), for graphs where fused Gelu is unwanted. */
export const geluComposite = (x: Tensor): Tensor => mul(mul(x, 0.5), add(erf(mul(x, Math.SQRT1_2)), 1));

/** Tanh GELU: ½x(1 + tanh(√(2/π)(x + 0.044715x³))) (same paper, eq. 2); runs in float64 too. */
export const geluTanh = (x: Tensor): Tensor =>
  mul(mul(x, 0.5), add(tanh(mul(add(x, mul(pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI))), 1));

/** softplus(x) = log(1 + eˣ) in the overflow-free form max(x, 0) + log(1 + e^{−|x|}). */
export const softplus = (x: Tensor): Tensor => add(relu(x), log(add(exp(neg(abs(x))), 1)));

/** log σ(x) = −softplus(−x), stable for large |x|. */
export const logSigmoid = (x: Tensor): Tensor => neg(softplus(neg(x)));
