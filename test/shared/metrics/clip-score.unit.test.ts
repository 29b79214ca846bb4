/** CLIP score: cosine similarity per pair. */
import { describe, expect, it } from "vitest";
import { clipScores, cosineSimilarity } from "../../../shared/metrics/clip-score.js";

describe("clip score", () => {
  it("parallel vectors score 1", () => {
    expect(cosineSimilarity([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
  });
  it("orthogonal vectors score 0", () => {
    expect(cosineSimilarity([1, 0], [0, 5])).toBe(0);
  });
  it("opposite vectors score −1", () => {
    expect(cosineSimilarity([1, -1], [-2, 2])).toBeCloseTo(-1, 12);
  });
  it("clipScores pairs row i with row i", () => {
    expect(clipScores([1, 0, 0, 1], [1, 0, 1, 0], 2, 2)).toEqual([1, 0]);
  });
});
