/**
 * Reverse-mode autodiff on the graph: appends the backward pass as new nodes of the same builder
 * (so the backward reuses forward intermediates) and returns d loss / d wrt for each `wrt`.
 */
import { MlError, fmtShape } from "../graph/errors.js";
import { isLeafOp } from "../graph/op-names.js";
import { add } from "../graph/ops/elementwise.js";
import { expand } from "../graph/ops/shape.js";
import { sameShape } from "../graph/ops/util.js";
import { Tensor, isFloat } from "../graph/tensor.js";
import { ruleFor } from "./rules.js";
import { topoOrder } from "./topo.js";

export function gradients(loss: Tensor, wrt: readonly Tensor[]): Tensor[] {
  const g = loss.g;
  if (!isFloat(loss.dtype)) throw new MlError("ML_COMPILE", `gradients: the loss must be a float tensor, got ${loss.dtype}`);
  const order = topoOrder([loss.node], g.nodes.length);
  const count = g.nodes.length; // backward nodes appended below get larger ids: not in `order`

  // Forward pass of "depends on a wrt tensor": only those nodes get a backward.
  const needs = new Uint8Array(count);
  for (const t of wrt) needs[t.node.id] = 1;
  for (const n of order) if (!needs[n.id] && n.inputs.some((i) => needs[i.id])) needs[n.id] = 1;

  const grads: (Tensor | undefined)[] = new Array(count);
  grads[loss.node.id] = expand(g.scalar(1, loss.dtype), loss.shape);
  for (let k = order.length - 1; k >= 0; k--) {
    const n = order[k]!;
    const dy = grads[n.id];
    if (!dy || !needs[n.id] || isLeafOp(n.op)) continue;
    const rule = ruleFor(n.op, n.inputs.map((i) => i.shape));
    if (rule === null) continue; // no gradient flows through this op
    const x = n.inputs.map((i) => new Tensor(g, i));
    const dxs = rule({ dy, x, y: new Tensor(g, n), attrs: n.attrs });
    n.inputs.forEach((inp, i) => {
      const dx = dxs[i];
      if (!dx || !needs[inp.id]) return;
      if (!sameShape(dx.shape, inp.shape)) {
        throw new MlError("ML_GRAPH", `gradient rule of ${n.op} returned ${fmtShape(dx.shape)} for input ${i} of shape ${fmtShape(inp.shape)} (bug in autodiff/rules.ts)`);
      }
      const prev = grads[inp.id];
      grads[inp.id] = prev ? add(prev, dx) : dx;
    });
  }
  return wrt.map((t) => grads[t.node.id] ?? expand(g.scalar(0, t.dtype), t.shape));
}
