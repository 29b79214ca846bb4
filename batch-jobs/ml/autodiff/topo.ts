/**
 * Iterative topological order of the nodes `roots` depend on (no recursion: graphs of a deep
 * transformer are thousands of nodes deep). Visited marks are an array indexed by node id, and
 * the result is sorted by id — a topological order, since a node's inputs always exist before it.
 */
import type { Node } from "../graph/tensor.js";

export function topoOrder(roots: readonly Node[], nodeCount: number): Node[] {
  const seen = new Uint8Array(nodeCount);
  const stack: Node[] = [...roots];
  const out: Node[] = [];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen[n.id]) continue;
    seen[n.id] = 1;
    out.push(n);
    for (const i of n.inputs) if (!seen[i.id]) stack.push(i);
  }
  return out.sort((a, b) => a.id - b.id);
}
