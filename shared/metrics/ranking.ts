/**
 * Ranking metrics of binary scores: AUROC and average precision. Ties between scores are handled
 * as scikit-learn does: AUROC counts a tied (positive, negative) pair as one half (midranks,
 * Mann–Whitney U / (n₊·n₋), Hanley & McNeil 1982), and AP steps at each distinct threshold
 * (sklearn.metrics.average_precision_score: AP = Σₙ (Rₙ − Rₙ₋₁)·Pₙ over distinct thresholds).
 * Both return NaN when a class is missing (the metric is undefined, not 0.5).
 */

/** Area under the ROC curve; labels are 1 (positive) or 0. */
export function auroc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = checkPair(scores, labels);
  const order = sortedIndices(scores, n);
  let positives = 0;
  let rankSumPositives = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const midrank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]!] === 1) {
        positives++;
        rankSumPositives += midrank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSumPositives - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Average precision (area under the precision–recall step curve); labels 1 / 0. */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = checkPair(scores, labels);
  const order = sortedIndices(scores, n).reverse();
  let totalPositives = 0;
  for (let i = 0; i < n; i++) if (labels[i] === 1) totalPositives++;
  if (totalPositives === 0) return NaN;
  let tp = 0;
  let seen = 0;
  let previousRecall = 0;
  let ap = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    for (let k = i; k <= j; k++) if (labels[order[k]!] === 1) tp++;
    seen = j + 1;
    const recall = tp / totalPositives;
    ap += (recall - previousRecall) * (tp / seen);
    previousRecall = recall;
    i = j + 1;
  }
  return ap;
}

function checkPair(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  if (scores.length !== labels.length) throw new RangeError(`scores (${scores.length}) and labels (${labels.length}) differ in length`);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 0 && labels[i] !== 1) throw new RangeError(`labels must be 0 or 1; labels[${i}] = ${labels[i]}`);
    if (!Number.isFinite(scores[i])) throw new RangeError(`scores must be finite; scores[${i}] = ${scores[i]}`);
  }
  return scores.length;
}

/** Indices sorted by ascending score (stable). */
function sortedIndices(scores: ArrayLike<number>, n: number): number[] {
  return Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]! || a - b);
}
