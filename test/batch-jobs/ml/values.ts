/** Test helper: the elements of a HostTensor as plain numbers (whatever its typed array). */
import type { HostTensor } from "../../../batch-jobs/ml/host-tensor.js";

export function values(t: HostTensor | undefined): number[] {
  if (!t) throw new Error("values: tensor is missing");
  return Array.from(t.data as ArrayLike<number | bigint>, Number);
}

export function maxAbsDiff(a: HostTensor | undefined, b: HostTensor | undefined): number {
  const [x, y] = [values(a), values(b)];
  if (x.length !== y.length) throw new Error(`maxAbsDiff: lengths differ (${x.length} vs ${y.length})`);
  return x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i]!)), 0);
}
