/**
 * CLIP score of image–report pairs: the cosine similarity of their embeddings, in [−1, 1]
 * (CXRL reports the mean over a test set; unlike Hessel et al.'s CLIPScore, no 2.5·max(·, 0)
 * rescaling, so matched and mismatched pairs stay distinguishable below zero).
 */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>, offsetA = 0, offsetB = 0, dim = a.length): number {
  let [dot, na, nb] = [0, 0, 0];
  for (let k = 0; k < dim; k++) {
    const x = a[offsetA + k]!;
    const y = b[offsetB + k]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** Per-pair CLIP scores of row i of `images` with row i of `texts` (both [count, dim]). */
export function clipScores(images: ArrayLike<number>, texts: ArrayLike<number>, count: number, dim: number): number[] {
  if (images.length !== count * dim || texts.length !== count * dim) throw new RangeError(`expected two ${count}×${dim} embedding matrices`);
  return Array.from({ length: count }, (_, i) => cosineSimilarity(images, texts, i * dim, i * dim, dim));
}
